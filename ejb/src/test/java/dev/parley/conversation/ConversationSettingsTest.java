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
