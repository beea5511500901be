package dev.parley.speech.stt.moonshine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.parley.speech.SpeechException;
import dev.parley.speech.stt.SpeechHints;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Moonshine tiny through ONNX Runtime: the encoder once over the audio, then greedy decoding with
 * the merged decoder and its key/value cache. Both sessions are shared by every caller (ONNX
 * Runtime runs are thread-safe); the cache lives in each call, so calls run in parallel.
 */
public final class MoonshineModel implements AutoCloseable {
    private static final int LAYERS = 6;
    /** The encoder's convolutions need this much audio to produce one frame; less is silence to us. */
    static final int MIN_SAMPLES = 1600;
    /**
     * Moonshine tiny often ends before its first piece on short, clear questions: greedy decoding
     * gave nothing for 17 of 36 flite questions, clean or a little damaged ("how does it work" at
     * most levels), while the same decoding with that first end forbidden wrote all of them, 33
     * right and 3 one word off under added noise. On noise it writes "You" or "Bye" instead. What tells them apart is how sure the model is
     * of what it writes: the mean log-probability per piece, the end included, was -0.02 to -0.92
     * for 64 flite questions (-1.19 and -1.48 for two it misheard), and -1.79 to -4.45 for coughs,
     * breath, hum, clicks, white and pink noise and near silence. Whisper's decoder uses the same
     * cut, -1.0, to give up on a segment.
     */
    static final double MIN_MEAN_LOG_PROBABILITY_UNBIDDEN = -1.0;

    private final MoonshineSettings settings;
    private final OrtEnvironment environment;
    private final OrtSession encoder;
    private final OrtSession decoder;
    private final LlamaVocabulary vocabulary;
    private final HintBias hints;
    private final HintCorrection correction;
    private final List<String> cacheNames = new ArrayList<>();

    public MoonshineModel(MoonshineSettings settings) {
        this(settings, SpeechHints.none());
    }

    /** A model whose decoder favours the words of {@code hints} (see {@link HintBias}). */
    public MoonshineModel(MoonshineSettings settings, SpeechHints hints) {
        this.settings = settings;
        // ONNX Runtime's process-wide environment singleton; never closed here.
        this.environment = OrtEnvironment.getEnvironment();
        this.vocabulary = LlamaVocabulary.read(open(settings, "llama-vocab.base64"), source(settings, "llama-vocab.base64"));
        this.hints = HintBias.of(vocabulary, hints, (float) settings.hintBonus());
        // A hint bonus of 0 turns hints off, the correction toward hint names with them.
        SpeechHints corrected = settings.hintBonus() > 0 ? hints : SpeechHints.none();
        this.correction = HintCorrection.of(vocabulary, corrected.phrases(), HintBias.hintWords(vocabulary, corrected));
        OrtSession enc = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            enc = environment.createSession(read(settings, "encoder_model.onnx"), options);
            this.encoder = enc;
            this.decoder = environment.createSession(read(settings, "decoder_model_merged.onnx"), options);
        } catch (OrtException e) {
            closeQuietly(enc);
            throw new SpeechException("Moonshine: ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        for (int layer = 0; layer < LAYERS; layer++) {
            for (String part : List.of("decoder.key", "decoder.value", "encoder.key", "encoder.value")) {
                cacheNames.add(layer + "." + part);
            }
        }
        if (!decoder.getInputNames().contains("past_key_values.0.decoder.key") || !decoder.getInputNames().contains("use_cache_branch")) {
            String inputs = decoder.getInputNames().toString();
            close();
            throw new SpeechException("Moonshine: the decoder's inputs are " + inputs
                    + ", expected a merged decoder with past_key_values.* and use_cache_branch (Moonshine tiny)");
        }
    }

    private static String source(MoonshineSettings settings, String name) {
        return settings.modelDir().map(dir -> dir.resolve(name).toString())
                .orElse("classpath:" + MoonshineSettings.BUILT_IN_MODEL_RESOURCES + name);
    }

    private static InputStream open(MoonshineSettings settings, String name) {
        try {
            if (settings.modelDir().isPresent()) {
                Path file = settings.modelDir().get().resolve(name);
                if (!Files.isRegularFile(file)) {
                    throw new SpeechException("Moonshine model file not found: " + file);
                }
                return Files.newInputStream(file);
            }
            InputStream in = MoonshineModel.class.getResourceAsStream(MoonshineSettings.BUILT_IN_MODEL_RESOURCES + name);
            if (in == null) {
                throw new SpeechException("Moonshine model file missing from the classpath at " + source(settings, name)
                        + " (the ejb build fetches it from npm)");
            }
            return in;
        } catch (IOException e) {
            throw new SpeechException("Moonshine model file unreadable: " + source(settings, name), e);
        }
    }

    private static byte[] read(MoonshineSettings settings, String name) {
        try (InputStream in = open(settings, name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SpeechException("Moonshine model file unreadable: " + source(settings, name), e);
        }
    }

    MoonshineSettings settings() {
        return settings;
    }

    /** The hint words the decoder favours, as it spells them (U+2581 starts a word). */
    public List<String> hintSpellings() {
        return hints.spellings();
    }

    /**
     * The text (with case and punctuation) Moonshine writes for 16 kHz mono audio; empty for audio
     * too short to hold a word, or when {@code cancelled} turns true (checked between tokens).
     */
    public String transcribe(short[] pcm, int length, BooleanSupplier cancelled) {
        return hear(pcm, length, cancelled).written();
    }

    /**
     * What Moonshine writes for 16 kHz mono audio, and whether its decoder went round in a loop
     * (then the text holds the loop's first turn only). Nothing for audio too short to hold a word,
     * or when {@code cancelled} turns true (checked between tokens).
     */
    public Heard hear(short[] pcm, int length, BooleanSupplier cancelled) {
        if (length < MIN_SAMPLES) {
            return Heard.NOTHING;
        }
        float[] audio = new float[length];
        for (int i = 0; i < length; i++) {
            audio[i] = pcm[i] / 32768f;
        }
        int maxTokens = settings.maxTokens(length);
        int[] tokens = new int[maxTokens];
        int count = 0;
        boolean ended = false;
        boolean looped = false;
        // Set when the model would end before its first piece: the decoding goes on regardless and
        // is kept only if the model was sure enough of it (see MIN_MEAN_LOG_PROBABILITY_UNBIDDEN).
        Confidence unbidden = null;
        try (DecoderSteps steps = new DecoderSteps(environment, encoder, decoder, cacheNames, audio)) {
            long next = LlamaVocabulary.BOS;
            HintBias.Decoding bias = hints.start();
            for (int step = 0; step < maxTokens && !cancelled.getAsBoolean(); step++) {
                FloatBuffer logits = steps.next(next);
                int token = bias.choose(logits);
                if (step == 0 && token == LlamaVocabulary.EOS) {
                    unbidden = new Confidence();
                    float end = logits.get(LlamaVocabulary.EOS);
                    logits.put(LlamaVocabulary.EOS, Float.NEGATIVE_INFINITY);
                    token = bias.choose(logits);
                    logits.put(LlamaVocabulary.EOS, end);
                }
                if (unbidden != null) {
                    unbidden.add(logits, token);
                }
                if (token == LlamaVocabulary.EOS) {
                    ended = true;
                    break;
                }
                tokens[count++] = token;
                int kept = RepeatedPieces.keptBeforeLoop(tokens, count);
                if (kept >= 0) {
                    count = kept;
                    looped = true;
                    break;
                }
                next = token;
            }
            if (cancelled.getAsBoolean() || unbidden != null && (!ended || unbidden.mean() < MIN_MEAN_LOG_PROBABILITY_UNBIDDEN)) {
                return Heard.NOTHING;
            }
            // Running out of pieces before the end is a loop too long to see (the limit allows
            // about twice the pieces speech needs).
            looped |= !ended;
            String written = vocabulary.decode(tokens, count);
            return new Heard(withNames(steps, written, maxTokens, cancelled), looped);
        } catch (OrtException e) {
            throw new SpeechException("Moonshine failed: " + e.getMessage(), e);
        }
    }

    /**
     * What Moonshine wrote for some audio.
     *
     * @param written its text, with case and punctuation; empty if it heard no words
     * @param looped  its decoder wrote the same words over and over (the text keeps them once) or ran
     *                out of pieces: the text is not to be trusted beyond its first words
     */
    public record Heard(String written, boolean looped) {
        static final Heard NOTHING = new Heard("", false);
    }

    /** The mean log-probability the model gave the pieces of one decoding, its end included. */
    private static final class Confidence {
        private double sum;
        private int pieces;

        void add(FloatBuffer logits, int token) {
            float max = Float.NEGATIVE_INFINITY;
            int n = logits.limit();
            for (int i = 0; i < n; i++) {
                max = Math.max(max, logits.get(i));
            }
            double total = 0;
            for (int i = 0; i < n; i++) {
                total += Math.exp(logits.get(i) - max);
            }
            sum += logits.get(token) - max - Math.log(total);
            pieces++;
        }

        double mean() {
            return pieces == 0 ? Double.NEGATIVE_INFINITY : sum / pieces;
        }
    }

    /** {@code written} with each {@link HintCorrection} candidate the model finds as likely (with the hint bonus) put in. */
    private String withNames(DecoderSteps steps, String written, int maxTokens, BooleanSupplier cancelled) throws OrtException {
        List<HintCorrection.Candidate> candidates = correction.candidates(written);
        if (candidates.isEmpty()) {
            return written;
        }
        Spelling.Score heard = Spelling.score(steps, vocabulary, written, 0, 0, maxTokens, cancelled);
        if (heard == null) {
            return written;
        }
        double best = heard.logProbability();
        for (HintCorrection.Candidate candidate : candidates) { // last first: earlier offsets stay valid
            String named = candidate.applyTo(written);
            Spelling.Score score = Spelling.score(steps, vocabulary, named, candidate.start(),
                    candidate.start() + candidate.name().length(), maxTokens, cancelled);
            if (score != null && score.logProbability() + settings.hintBonus() * score.piecesInSpan() >= best) {
                written = named;
                best = score.logProbability();
            }
        }
        return written;
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // Already failing with a clearer error.
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(encoder);
        closeQuietly(decoder);
    }
}
