package dev.parley.speech.testing;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SameWordsTest {
    @Test
    void caseAndPunctuationNeverMattered() {
        assertTrue(SameWords.same("what is parley", "What is Parley?"));
    }

    @Test
    void britishAndAmericanSpellingsOfIseVerbsAreTheSameWord() {
        assertTrue(SameWords.same("how do you recognise speech", "How do you recognize speech?"));
        assertTrue(SameWords.same("the flite synthesiser", "the flite synthesizer"));
        assertTrue(SameWords.same("it recognised me", "It recognized me."));
        assertTrue(SameWords.same("analyse it", "analyze it"));
        assertTrue(SameWords.same("organisation", "organization"));
    }

    @Test
    void shortWordsEndingInIseAreLeftAlone() {
        // "prise" and "prize" are two words; "rise", "wise", "noise" have no -ize form.
        assertFalse(SameWords.same("prise it open", "prize it open"));
        assertEquals(List.of("rise", "wise", "noise"), SameWords.normalised("rise wise noise"));
    }

    @Test
    void compoundsMayBeSplitOrJoined() {
        assertTrue(SameWords.same("how do I put parley on my website", "How do I put Parley on my web site?"));
        assertTrue(SameWords.same("are you chat gpt", "Are you ChatGPT?"));
        assertTrue(SameWords.same("does parley work offline", "Does Parley work off-line?"));
        assertTrue(SameWords.same("web site and web page", "website and webpage"));
    }

    @Test
    void spelledAcronymsAreTheAcronym() {
        assertTrue(SameWords.same("is there an admin api", "Is there an admin A P I?"));
        assertTrue(SameWords.same("do you use an l l m", "Do you use an LLM?"));
    }

    @Test
    void digitsAndNumberWordsAreTheSameNumber() {
        assertTrue(SameWords.same("five five", "5 5"));
        assertTrue(SameWords.same("payara server six", "Payara Server 6"));
        assertTrue(SameWords.same("forty two", "42"));
        assertTrue(SameWords.same("one hundred and five", "1 hundred and 5"));
        assertEquals("seven hundred thirteen", SameWords.numberInWords(713));
        assertFalse(SameWords.same("four", "14"));
    }

    @Test
    void aWordMissingAddedOrMisheardIsStillAMiss() {
        assertFalse(SameWords.same("who made you", "You made you."));
        assertFalse(SameWords.same("what is kurento", "What is current of?"));
        assertFalse(SameWords.same("tell me about parley", "Tell me about Barley."));
        assertFalse(SameWords.same("how fast are you", "How fast are you, then?"));
        assertFalse(SameWords.same("is there an admin api", "Is there an admin?"));
        // Letters joined must spell the word exactly, not nearly.
        assertFalse(SameWords.same("are you chat gpt", "are you can't gp"));
        assertFalse(SameWords.same("website", "web sites"));
    }
}
