package dev.parley.speech.stt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpokenWordsTest {
    @Test
    void writtenTextBecomesPlainLowerCaseWords() {
        assertEquals("what is parley", SpokenWords.of("What is Parley?"));
        assertEquals("don't stop uh-huh", SpokenWords.of("Don\u2019t stop... \"uh-huh\"!"));
        assertEquals("ten of clubs four queen", SpokenWords.of("Ten of clubs, four queen."));
        assertEquals("it's 42", SpokenWords.of(" 'It's' 42 - "));
        assertEquals("", SpokenWords.of("?!"));
        assertEquals("", SpokenWords.of(null));
    }
}
