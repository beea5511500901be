package dev.parley.speech.llm.retrieval;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pure-Java all-MiniLM-L6-v2 embeddings against LangChain4j's own model (native HuggingFace
 * tokenizer, test scope only): the same token ids and the same vectors.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MiniLmEmbeddingModelTest {
    /**
     * The same ids through the same ONNX model leave only rounding between the two vectors (the
     * norm here is summed in double, LangChain4j's in float): the measured minimum is 1 - 2e-15.
     * The bound allows rounding a million times that and still catches one word piece changed in
     * a long sentence (see {@link #oneWordPieceMoreFallsBelowTheBound()}).
     */
    private static final double MIN_COSINE = 0.999999;

    private static final int TIMED_ROUNDS = 3;

    private static final List<String> SENTENCES = List.of(
            "Hello, world!",
            "how would I put this on my website",
            "What's the price of 3 tickets at $12.50 each? It's 37.50, isn't it?",
            "Crème brûlée à la café, naïve façade, São Paulo, Zürich, Ångström",
            "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG",
            "e-mail me at parley@example.com (ASAP!!!) -- or call +1-555-0100 #42; 50% off_now",
            "Ünïcödé Straße: “curly quotes”, ‘apostrophes’ and an ellipsis…",
            "中文测试 mixed with English 日本語",
            "ΟΔΟΣ ΣΟΦΙΑΣ, İstanbul, DŽungla, ǅem",
            "한국어 नमस्ते दुनिया مرحبا שלום สวัสดี ＡＢＣ ﬁne 𝐀𝐁 ① €£¥ № 1ª é ́alone",
            "tab\tseparated\nnew line\r\nand  double  spaces   ",
            "zero\u200Bwidth soft\u00ADhyphen and a private \uE000 use character",
            "emoji 😀 in the middle 👍",
            "I do not know, you're right, we've done it, I'm sure",
            "say [MASK] please, then [SEP] and [UNK]",
            "antidisestablishmentarianism supercalifragilisticexpialidocious",
            "x".repeat(120) + " a word longer than a hundred characters",
            "a",
            "?",
            "   Ok   ",
            ("Parley is a full-duplex voice agent: it listens while it speaks, so you can interrupt it. "
                    + "It runs on Jakarta EE 10 with its own media server, recognises speech offline and answers "
                    + "from a knowledge file or a large language model. ").repeat(6));

    private MiniLmEmbeddingModel model;
    private AllMiniLmL6V2EmbeddingModel reference;
    private HuggingFaceTokenizer referenceTokenizer;

    @BeforeAll
    void load() throws IOException {
        model = new MiniLmEmbeddingModel();
        reference = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
        try (InputStream json = getClass().getClassLoader().getResourceAsStream(MiniLmEmbeddingModel.TOKENIZER_RESOURCE)) {
            referenceTokenizer = HuggingFaceTokenizer.newInstance(json, Map.of("padding", "false"));
        }
    }

    @AfterAll
    void close() {
        model.close();
        referenceTokenizer.close();
    }

    @Test
    void tokenIdsAreTheHuggingFaceTokenizers() {
        MiniLmTokenizer tokenizer = readTokenizer();
        for (String sentence : SENTENCES) {
            assertArrayEquals(referenceTokenizer.encode(sentence).getIds(), tokenizer.encode(sentence),
                    () -> "ids of \"" + sentence + "\": HuggingFace " + referenceTokenizer.tokenize(sentence)
                            + ", here " + tokenizer.pieces(sentence));
        }
    }

    @Test
    void longTextIsCutAtTheTokenizersMaxLength() {
        MiniLmTokenizer tokenizer = readTokenizer();
        String longest = SENTENCES.get(SENTENCES.size() - 1);
        assertTrue(tokenizer.pieces(longest).size() > tokenizer.maxLength(), "the long sentence is long enough");
        assertEquals(128, tokenizer.maxLength());
        assertEquals(128, tokenizer.encode(longest).length);
    }

    @Test
    void embeddingsAreLangChain4jsOwn() {
        // Warm both up so the timings below are steady-state.
        model.vector(SENTENCES.get(0));
        reference.embed(SENTENCES.get(0));
        double min = 1;
        String worst = null;
        long ours = 0;
        long theirs = 0;
        for (int round = 0; round < TIMED_ROUNDS; round++) {
            for (String sentence : SENTENCES) {
                long start = System.nanoTime();
                float[] vector = model.vector(sentence);
                ours += System.nanoTime() - start;
                start = System.nanoTime();
                float[] expected = reference.embed(sentence).content().vector();
                theirs += System.nanoTime() - start;
                assertEquals(expected.length, vector.length);
                assertEquals(1.0, norm(vector), 1e-5, "unit length");
                double cosine = cosine(vector, expected);
                if (cosine < min) {
                    min = cosine;
                    worst = sentence;
                }
            }
        }
        int embedded = TIMED_ROUNDS * SENTENCES.size();
        System.out.printf("all-MiniLM-L6-v2: minimum cosine to LangChain4j's embedding 1 - %.3g (\"%s\"); "
                        + "mean time a sentence: pure-Java tokenizer %.2f ms, LangChain4j with native tokenizer %.2f ms%n",
                1 - min, worst.length() > 40 ? worst.substring(0, 40) + "..." : worst,
                ours / 1e6 / embedded, theirs / 1e6 / embedded);
        assertTrue(min > MIN_COSINE, "minimum cosine " + min + " for \"" + worst + "\"");
    }

    @Test
    void oneWordPieceMoreFallsBelowTheBound() {
        String longest = SENTENCES.get(SENTENCES.size() - 1);
        double cosine = cosine(model.vector(longest), model.vector("Well, " + longest));
        assertTrue(cosine < MIN_COSINE, "a sentence and the same with one word in front: cosine " + cosine);
    }

    @Test
    void embedAllKeepsOrderAndCountsTokens() {
        List<TextSegment> segments = new ArrayList<>();
        for (String sentence : SENTENCES.subList(0, 3)) {
            segments.add(TextSegment.from(sentence));
        }
        var response = model.embedAll(segments);
        assertEquals(3, response.content().size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(model.vector(SENTENCES.get(i)), response.content().get(i).vector());
        }
        assertNotNull(response.tokenUsage().inputTokenCount());
        assertEquals(384, model.dimension());
    }

    @Test
    void textWithoutWordsIsRefusedClearly() {
        for (String empty : List.of("", "   ", "\n\t", "\u200B\u200D")) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> model.vector(empty));
            assertTrue(error.getMessage().startsWith("cannot embed text without any word"), error.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> model.vector(null));
        // The refusals left the model working.
        assertEquals(384, model.vector("still here").length);
    }

    @Test
    void aClosedModelSaysSo() {
        MiniLmEmbeddingModel closing = new MiniLmEmbeddingModel();
        assertEquals(384, closing.vector("once").length);
        closing.close();
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> closing.vector("again"));
        assertTrue(error.getMessage().contains("closed"), error.getMessage());
        assertDoesNotThrow(closing::close, "closing twice is harmless");
    }

    private static MiniLmTokenizer readTokenizer() {
        try (InputStream json = MiniLmEmbeddingModelTest.class.getClassLoader()
                .getResourceAsStream(MiniLmEmbeddingModel.TOKENIZER_RESOURCE)) {
            return MiniLmTokenizer.read(json, MiniLmEmbeddingModel.TOKENIZER_RESOURCE);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(float[] v) {
        return Math.sqrt(Arrays.stream(toDoubles(v)).map(x -> x * x).sum());
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
