package dev.parley.speech.stt.hybrid;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What a run's text says about the end of the sentence, when it was cut at a short pause. */
class MoonshinePunctuationTest {

    @Test
    void aCommaGuessedFromAShortPauseIsDroppedFromThePartial() {
        assertEquals("He was not an ill-disposed young man", HybridUtterance.withoutTrailingComma("He was not an ill-disposed young man, "));
        assertEquals("I would like to know", HybridUtterance.withoutTrailingComma("I would like to know;,"));
    }

    @Test
    void sentenceEndsAndAnEllipsisAreTheSpeakersAndStay() {
        assertEquals("What is Parley?", HybridUtterance.withoutTrailingComma("What is Parley?"));
        assertEquals("and so my fellow americans...", HybridUtterance.withoutTrailingComma("and so my fellow americans..."));
        assertEquals("Thank you.", HybridUtterance.asEnded("Thank you."));
        assertEquals("and so my fellow americans...", HybridUtterance.asEnded("and so my fellow americans..."));
    }

    @Test
    void theFinalOfASentenceLeftOpenWithACommaEndsInAFullStop() {
        assertEquals("He was not an ill-disposed young man.", HybridUtterance.asEnded("He was not an ill-disposed young man,"));
        assertEquals("Hello", HybridUtterance.asEnded("Hello"));
        assertEquals(",", HybridUtterance.asEnded(","));
    }
}
