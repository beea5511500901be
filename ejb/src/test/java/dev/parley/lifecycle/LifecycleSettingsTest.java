package dev.parley.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LifecycleSettingsTest {

    private static LifecycleSettings read(Map<String, String> values) {
        return LifecycleSettings.from(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void byDefaultNothingIsPrunedAndNoNoticeIsGivenBecauseNothingIsRecorded() {
        LifecycleSettings s = read(Map.of());
        assertFalse(s.retains());
        assertEquals(Duration.ofMinutes(60), s.pruneInterval());
        assertEquals(Optional.empty(), s.notice());
        assertEquals("file:///var/lib/parley/recordings", s.recordingDirectory());
    }

    @Test
    void recordingBringsTheNoticeAndABlankNoticeCannotSilenceIt() {
        assertEquals(Optional.of("This call is recorded."), read(Map.of("parley.recording.enabled", "true")).notice());
        assertEquals(Optional.of("This call is recorded."),
                read(Map.of("parley.recording.enabled", "true", "parley.recording.notice", "  ")).notice());
        assertEquals(Optional.of("Cette conversation est enregistrée."),
                read(Map.of("parley.recording.enabled", "TRUE", "parley.recording.notice", " Cette conversation est enregistrée. ")).notice());
    }

    @Test
    void retentionIsReadInDaysAndBadValuesNameTheirKey() {
        LifecycleSettings s = read(Map.of("parley.retention.days", "30", "parley.retention.interval-minutes", "5"));
        assertTrue(s.retains());
        assertEquals(Duration.ofDays(30), s.retention());
        assertEquals(Duration.ofMinutes(5), s.pruneInterval());
        for (Map<String, String> bad : java.util.List.of(Map.of("parley.retention.days", "-1"), Map.of("parley.retention.days", "a month"),
                Map.of("parley.retention.interval-minutes", "0"), Map.of("parley.recording.enabled", "yes"),
                Map.of("parley.recording.notice", "x".repeat(501)))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(bad));
            assertTrue(e.getMessage().contains(bad.keySet().iterator().next()), e.getMessage());
        }
    }
}
