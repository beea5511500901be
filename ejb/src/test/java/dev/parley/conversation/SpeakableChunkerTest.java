package dev.parley.conversation;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpeakableChunkerTest {

    private static List<String> chunk(SpeakableChunker chunker, String... tokens) {
        List<String> out = new ArrayList<>();
        for (String t : tokens) {
            out.addAll(chunker.accept(t));
        }
        out.addAll(chunker.finish());
        return out;
    }

    @Test
    void firstChunkIsCutEarlyAtAClauseBoundaryThenAtSentences() {
        List<String> chunks = chunk(new SpeakableChunker(12, 160),
                "Well", ",", " the", " train", " leaves", " at", " nine", ",", " and", " it", " is", " late", ".", " Take", " a", " taxi", ", ", "please", ".");
        assertEquals(List.of("Well, the train leaves at nine,", "and it is late.", "Take a taxi, please."), chunks);
    }

    @Test
    void aClauseBoundaryBeforeTheMinimumLengthDoesNotCut() {
        assertEquals(List.of("Yes, I can do that."), chunk(new SpeakableChunker(12, 160), "Yes", ",", " I", " can", " do", " that", "."));
    }

    @Test
    void aChunkIsEmittedAsSoonAsTheBoundaryIsFollowedBySpace() {
        SpeakableChunker chunker = new SpeakableChunker(12, 160);
        assertEquals(List.of(), chunker.accept("It is ready."));
        assertEquals(List.of("It is ready."), chunker.accept(" Next"));
    }

    @Test
    void decimalPointsAreNotSentenceEnds() {
        assertEquals(List.of("It costs 3.50 dollars.", "Thanks."), chunk(new SpeakableChunker(12, 160), "It costs 3", ".", "50 dollars. Thanks."));
    }

    @Test
    void textWithoutBoundariesIsCutAtAWordNearTheMaximum() {
        List<String> chunks = chunk(new SpeakableChunker(5, 20), "one two three four five six seven eight nine ten");
        assertEquals(List.of("one two three four", "five six seven eight", "nine ten"), chunks);
    }
}
