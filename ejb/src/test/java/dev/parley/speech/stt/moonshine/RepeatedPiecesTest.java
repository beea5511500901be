package dev.parley.speech.stt.moonshine;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RepeatedPiecesTest {
    private static int kept(int... pieces) {
        return RepeatedPieces.keptBeforeLoop(pieces, pieces.length);
    }

    @Test
    void onePieceFourTimesIsALoopAndItsFirstTurnIsKept() {
        // "how does the good good good good"
        assertEquals(4, kept(10, 11, 12, 20, 20, 20, 20));
    }

    @Test
    void onePieceThreeTimesIsSpeech() {
        // "no no no", "very very very"
        assertEquals(-1, kept(10, 20, 20, 20));
    }

    @Test
    void aRunOfPiecesThreeTimesIsALoop() {
        // "thank you, thank you, thank you,"
        assertEquals(4, kept(9, 30, 31, 32, 30, 31, 32, 30, 31, 32));
        assertEquals(5, kept(9, 40, 41, 42, 43, 40, 41, 42, 43, 40, 41, 42, 43));
    }

    @Test
    void aRunTwiceIsSpeech() {
        assertEquals(-1, kept(9, 30, 31, 30, 31));
    }

    @Test
    void aLoopThatStartedEarlierThanTheTurnsCountedKeepsOnlyItsFirstTurn() {
        // The check runs after every piece, but a caller may look only at the end.
        assertEquals(2, kept(7, 20, 20, 20, 20, 20, 20, 20));
        assertEquals(3, kept(7, 30, 31, 30, 31, 30, 31, 30, 31));
    }

    @Test
    void onlyTheEndCounts() {
        assertEquals(-1, kept(20, 20, 20, 20, 5));
        assertEquals(-1, kept());
    }

    @Test
    void runsLongerThanTheLongestUnitAreNotLookedFor() {
        int[] five = {1, 2, 3, 4, 5};
        int[] pieces = new int[15];
        for (int i = 0; i < 15; i++) {
            pieces[i] = five[i % 5];
        }
        assertEquals(-1, RepeatedPieces.keptBeforeLoop(pieces, pieces.length));
    }
}
