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
