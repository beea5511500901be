package dev.parley.speech.stt.moonshine;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HintCorrectionTest {
    /** Stands in for the Llama vocabulary: the words it holds whole. */
    private static final Set<String> KNOWN = Set.of("current", "car", "tell", "me", "about", "what", "is", "of", "parallel");

    private static HintCorrection correction(String... names) {
        return new HintCorrection(List.of(names), word -> KNOWN.contains(word.toLowerCase(java.util.Locale.ROOT)));
    }

    @Test
    void aMadeUpWordThatSoundsLikeANameIsACandidate() {
        String heard = "Tell me about Barley.";
        List<HintCorrection.Candidate> candidates = correction("Parley", "Kurento").candidates(heard);
        assertEquals(List.of(new HintCorrection.Candidate(14, 20, "Parley")), candidates);
        assertEquals("Tell me about Parley.", candidates.get(0).applyTo(heard));
    }

    @Test
    void candidatesComeLastFirstSoThatEarlierOffsetsStayValid() {
        String heard = "carriento and barley";
        String written = heard;
        List<HintCorrection.Candidate> candidates = correction("Parley", "Kurento").candidates(heard);
        assertEquals(2, candidates.size());
        for (HintCorrection.Candidate c : candidates) {
            written = c.applyTo(written);
        }
        assertEquals("Kurento and Parley", written);
    }

    @Test
    void wordsTheModelKnowsWholeOrThatSoundOtherwiseAreNoCandidates() {
        HintCorrection names = correction("Parley", "Kurento");
        assertEquals(List.of(), names.candidates("What is current of?"), "a word the model knows is what it meant");
        assertEquals(List.of(), names.candidates("Can you tell me what Carly does?"), "k is not p");
        assertEquals(List.of(), names.candidates("What is Parley? Parley, parley."), "already the name");
        assertEquals(List.of(), names.candidates("A parallel world."));
    }

    @Test
    void onlyNamesWithThreeConsonantsAndOneSoundAreTargets() {
        // "Payara" is "pr": too short a key to tell a name from chance.
        assertTrue(correction("Payara").isEmpty());
        // Two names with one key: neither is written for it.
        assertEquals(List.of(), correction("Parley", "Pearly").candidates("barley"));
        // Phrases and names with digits are not single words.
        assertTrue(correction("Jakarta EE", "Payara6").isEmpty());
    }

    @Test
    void lowerCaseHintWordsAreNotNames() {
        LlamaVocabulary vocabulary = LlamaVocabulary.read(
                MoonshineModel.class.getResourceAsStream(MoonshineSettings.BUILT_IN_MODEL_RESOURCES + "llama-vocab.base64"), "built-in");
        HintCorrection fromFile = HintCorrection.of(vocabulary, List.of(), List.of("Parley", "latency", "offline", "Kurento"));
        assertEquals(List.of(), fromFile.candidates("late and see, off lean"));
        assertEquals("Kurento", fromFile.candidates("carriento").get(0).name());
        // The operator's hints are names whatever their case.
        HintCorrection operator = HintCorrection.of(vocabulary, List.of("kurento"), List.of());
        assertEquals("kurento", operator.candidates("carriento").get(0).name());
    }
}
