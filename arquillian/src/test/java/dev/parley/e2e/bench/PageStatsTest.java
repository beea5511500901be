package dev.parley.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.e2e.PageRecording;
import dev.parley.e2e.PageRecording.Level;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The page-side arithmetic of the voice benchmark, on made-up samples. */
class PageStatsTest {

    /** A continuous stream: 5 bytes of Opus silence per packet until {@code voiceFrom}, then 80. */
    private static PageStats continuous(double voiceFrom, boolean audioLevels) {
        List<PageStats.Sample> samples = new ArrayList<>();
        long packets = 0;
        long bytes = 0;
        for (double t = 0; t < 4000; t += 20) {
            packets++;
            bytes += t >= voiceFrom ? 80 : 5;
            double level = !audioLevels ? -1 : t >= voiceFrom + 40 ? 0.3 : 0.0;
            samples.add(new PageStats.Sample(t, packets, bytes, packets * 960 * 0.2, packets * 960, 0, packets * 960,
                    t - 5, packets * 960, level, t - 3));
        }
        return new PageStats(samples, 0);
    }

    @Test
    void theLongestGapBetweenPacketsShowsTalkspurts() {
        assertEquals(20, continuous(2000, false).longestPacketGapMillis(), 0.001);
        List<PageStats.Sample> samples = new ArrayList<>();
        for (double t = 0; t < 3000; t += 20) {
            double last = t < 1000 ? t - 3 : t < 2500 ? 997 : t - 3;
            samples.add(new PageStats.Sample(t, 0, 0, 0, 0, 0, 0, -1, -1, -1, last));
        }
        assertEquals(1500, new PageStats(samples, 0).longestPacketGapMillis(), 0.001, "997 → 2497 ms");
    }

    @Test
    void jitterBufferDelayIsPerEmittedSampleBetweenTwoTimes() {
        assertEquals(200, continuous(2000, false).jitterBufferMillisBetween(1000, 2000), 0.001);
    }

    @Test
    void aVoicedFrameIsFoundOnlyWhenTheSenderGivesAudioLevels() {
        assertTrue(Double.isNaN(continuous(2000, false).voicedFrameDelivered(1900, 0.01)));
        assertEquals(2035, continuous(2000, true).voicedFrameDelivered(1900, 0.01), 0.001);
    }

    @Test
    void loudStretchesAreJoinedAcrossShortGaps() {
        List<Level> levels = new ArrayList<>();
        for (double t = 0; t < 5000; t += 20) {
            boolean loud = (t >= 1000 && t < 1500) || (t >= 2500 && t < 3000) || (t >= 4500 && t < 4600);
            levels.add(new Level(t, loud ? -20 : -150));
        }
        assertEquals(List.of(new PageRecording.Segment(1000, 1480), new PageRecording.Segment(2500, 2980),
                new PageRecording.Segment(4500, 4580)), PageRecording.segments(levels, -40, 600));
        assertEquals(List.of(new PageRecording.Segment(1000, 2980), new PageRecording.Segment(4500, 4580)),
                PageRecording.segments(levels, -40, 1500));
    }
}
