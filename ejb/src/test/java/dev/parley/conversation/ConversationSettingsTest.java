package dev.parley.conversation;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConversationSettingsTest {

    @Test
    void keysOverrideDefaultsAndAbsentKeysKeepThem() {
        Map<String, String> config = Map.of(
                "parley.conversation.endpointing-silence-millis", "800",
                "parley.conversation.backchannels", "uh-huh, Okay ");
        ConversationSettings s = ConversationSettings.from(key -> Optional.ofNullable(config.get(key)));
        assertEquals(800, s.endpointingSilenceMillis());
        assertEquals(Set.of("uh-huh", "okay"), s.backchannels());
        assertEquals(ConversationSettings.defaults().preRollMillis(), s.preRollMillis());
    }

    @Test
    void aSessionsOwnLimitOnlyEverShortensTheConfiguredMaximumDuration() {
        ConversationSettings configured = ConversationSettings.defaults();
        ConversationSettings shorter = configured.limitSessionTo(90_000);
        assertEquals(90_000, shorter.maxSessionMillis());
        assertEquals(configured, new ConversationSettings(shorter.vadStartThreshold(), shorter.vadStopThreshold(), shorter.vadMinSpeechMillis(),
                shorter.vadMinSilenceMillis(), shorter.vadOnsetThreshold(), shorter.vadOnsetMillis(), shorter.preRollMillis(), shorter.inputStallMillis(), shorter.completeUtteranceSilenceMillis(),
                shorter.endpointingSilenceMillis(), shorter.unfinishedUtteranceSilenceMillis(), shorter.firstChunkMinChars(),
                shorter.chunkMaxChars(), shorter.bargeInMinSpeechMillis(), shorter.bargeInMinWords(), shorter.bargeInLongSpeechMillis(),
                shorter.continuationGraceMillis(), shorter.resumeAfterNoiseMillis(), shorter.backchannels(), shorter.maxUserTurnMillis(),
                shorter.idleTimeoutMillis(), shorter.idlePrompt(), configured.maxSessionMillis(), shorter.systemPrompt()),
                "nothing else changed");
        assertEquals(configured.maxSessionMillis(), configured.limitSessionTo(configured.maxSessionMillis() * 2).maxSessionMillis());
        assertThrows(IllegalArgumentException.class, () -> configured.limitSessionTo(0));
    }

    private static ConversationSettings from(Map<String, String> config) {
        return ConversationSettings.from(key -> Optional.ofNullable(config.get(key)));
    }

    /** Before, the engine's own 30-minute default capped every session whatever the limits key said. */
    @Test
    void raisingTheOneSessionLimitKeyLetsASessionLastThatLong() {
        ConversationSettings hour = from(Map.of("parley.limits.max-session-seconds", "3600"));
        assertEquals(3_600_000, hour.maxSessionMillis());
        // Signalling admits a session with the same key's limit: nothing shortens it.
        assertEquals(3_600_000, hour.limitSessionTo(3_600_000).maxSessionMillis());
        assertEquals(30 * 60_000, from(Map.of()).maxSessionMillis());
    }

    @Test
    void theDeprecatedConversationKeyIsStillReadAndTheShorterOfTheTwoApplies() {
        assertEquals(600_000, from(Map.of("parley.conversation.max-session-millis", "600000")).maxSessionMillis());
        assertEquals(600_000, from(Map.of("parley.conversation.max-session-millis", "600000",
                "parley.limits.max-session-seconds", "3600")).maxSessionMillis());
        assertEquals(60_000, from(Map.of("parley.conversation.max-session-millis", "600000",
                "parley.limits.max-session-seconds", "60")).maxSessionMillis());
    }

    @Test
    void aSessionLimitThatIsNotAPositiveNumberNamesItsKey() {
        for (String bad : new String[] {"an hour", "0", "-5"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> from(Map.of("parley.limits.max-session-seconds", bad)));
            assertTrue(e.getMessage().contains("parley.limits.max-session-seconds"), e.getMessage());
        }
    }

    @Test
    void keysAreKebabCaseLikeParleysOtherKeys() {
        assertEquals("parley.conversation.endpointing-silence-millis", ConversationSettings.key("endpointingSilenceMillis"));
        assertEquals("parley.conversation.vad-start-threshold", ConversationSettings.key("vadStartThreshold"));
    }

    @Test
    void aMalformedValueNamesItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConversationSettings.from(
                key -> key.equals("parley.conversation.idle-timeout-millis") ? Optional.of("soon") : Optional.empty()));
        assertTrue(e.getMessage().contains("parley.conversation.idle-timeout-millis"), e.getMessage());
    }

    @Test
    void inconsistentThresholdsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConversationSettings.from(
                key -> key.equals("parley.conversation.vad-stop-threshold") ? Optional.of("0.9") : Optional.empty()));
        assertTrue(e.getMessage().contains("vadStopThreshold"), e.getMessage());
    }
}
