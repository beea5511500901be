package dev.parley.conversation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlayedTextTrackerTest {

    private static PlayedTextTracker twoChunks() {
        PlayedTextTracker t = new PlayedTextTracker();
        int a = t.addChunk("The museum opens at nine,");
        t.addAudio(a, 16_000);
        t.chunkSynthesised(a);
        int b = t.addChunk("and closes at six.");
        t.addAudio(b, 8_000);
        t.addAudio(b, 8_000);
        t.chunkSynthesised(b);
        return t;
    }

    @Test
    void nothingPlayedMeansNothingHeard() {
        assertEquals("", twoChunks().heardText());
    }

    @Test
    void aPartlyPlayedChunkKeepsOnlyTheWordsPlayed() {
        PlayedTextTracker t = twoChunks();
        t.played(16_000 + 9_000); // 9/16 of "and closes at six." ends just after "closes"
        assertEquals("The museum opens at nine, and closes", t.heardText());
        assertFalse(t.allQueuedAudioPlayed());
    }

    @Test
    void aWordCutInTheMiddleIsNotHeard() {
        PlayedTextTracker t = twoChunks();
        t.played(4_000);
        assertEquals("The", t.heardText());
    }

    @Test
    void chunksAreAnnouncedWhenTheirFirstSampleIsPlayed() {
        PlayedTextTracker t = twoChunks();
        assertEquals(List.of("The museum opens at nine,"), t.played(320));
        assertEquals(List.of(), t.played(15_680));
        assertEquals(List.of("and closes at six."), t.played(320));
        t.played(1_000_000);
        assertTrue(t.allQueuedAudioPlayed());
        assertEquals("The museum opens at nine, and closes at six.", t.heardText());
    }
}
