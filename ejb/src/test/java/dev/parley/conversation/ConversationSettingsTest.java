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
                "parley.conversation.endpointingSilenceMillis", "800",
                "parley.conversation.backchannels", "uh-huh, Okay ");
        ConversationSettings s = ConversationSettings.from(key -> Optional.ofNullable(config.get(key)));
        assertEquals(800, s.endpointingSilenceMillis());
        assertEquals(Set.of("uh-huh", "okay"), s.backchannels());
        assertEquals(ConversationSettings.defaults().preRollMillis(), s.preRollMillis());
    }

    @Test
    void aMalformedValueNamesItsKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConversationSettings.from(
                key -> key.endsWith("idleTimeoutMillis") ? Optional.of("soon") : Optional.empty()));
        assertTrue(e.getMessage().contains("parley.conversation.idleTimeoutMillis"), e.getMessage());
    }

    @Test
    void inconsistentThresholdsAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConversationSettings.from(
                key -> key.endsWith("vadStopThreshold") ? Optional.of("0.9") : Optional.empty()));
        assertTrue(e.getMessage().contains("vadStopThreshold"), e.getMessage());
    }
}
