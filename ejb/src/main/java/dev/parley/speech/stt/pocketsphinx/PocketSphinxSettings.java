package dev.parley.speech.stt.pocketsphinx;

import dev.parley.speech.SpeechException;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of the pocketsphinx provider.
 *
 * @param acousticModelDir     the acoustic model folder (pocketsphinx {@code -hmm})
 * @param languageModelFile    the n-gram language model ({@code -lm})
 * @param dictionaryFile       the pronunciation dictionary ({@code -dict})
 * @param sampleRateHz         must be 16000: the model's rate and Parley's internal rate
 * @param cmnInit              the cepstral mean every utterance starts from (13 values); pinning
 *                             it makes each utterance's result independent of earlier audio
 * @param cmnPriorFrames       how many 10 ms frames of weight the pinned mean has against the
 *                             utterance's own frames as the mean adapts
 * @param partialIntervalMillis how much new audio the decoder takes between partial hypotheses
 * @param maxDecoders          decoders kept for concurrent utterances (each holds the ~40 MB model)
 * @param pocketSphinxLibrary  the native library to load (file name or path)
 * @param sphinxBaseLibrary    the native sphinxbase library to load
 */
public record PocketSphinxSettings(Path acousticModelDir, Path languageModelFile, Path dictionaryFile,
                                   int sampleRateHz, List<Float> cmnInit, int cmnPriorFrames, int partialIntervalMillis,
                                   int maxDecoders, String pocketSphinxLibrary, String sphinxBaseLibrary) {

    public static final Path DEBIAN_MODEL_DIR = Path.of("/usr/share/pocketsphinx/model/en-us");

    /**
     * Cepstral mean of 16 kHz close-talk speech: the decoder's live mean (noise removal and
     * silence removal off, as Parley runs it)
     * after hearing pocketsphinx-testdata's goforward, numbers and something recordings four
     * times over, rounded.
     * Those are kept apart from the librivox and cards recordings the accuracy test scores.
     */
    public static final List<Float> SPEECH_CMN = List.of(
            50.7f, -2.1f, -4.0f, 7.0f, 4.5f, -2.4f, -3.4f, -2.2f, -5.6f, 1.2f, -5.8f, -1.2f, 0.75f);

    public PocketSphinxSettings {
        if (sampleRateHz != 16000) {
            throw new SpeechException("pocketsphinx's en-us model needs 16000 Hz audio, not " + sampleRateHz + " Hz");
        }
        if (cmnInit.size() != 13) {
            throw new SpeechException("pocketsphinx cmn-init needs 13 values (one per cepstrum), got " + cmnInit.size());
        }
        if (cmnPriorFrames < 1) {
            throw new SpeechException("pocketsphinx cmn-prior-frames must be at least 1, got " + cmnPriorFrames);
        }
        if (partialIntervalMillis < 10) {
            throw new SpeechException("pocketsphinx partial interval must be at least 10 ms, got " + partialIntervalMillis);
        }
        if (maxDecoders < 1) {
            throw new SpeechException("pocketsphinx needs at least one decoder, got " + maxDecoders);
        }
        cmnInit = List.copyOf(cmnInit);
    }

    public static PocketSphinxSettings defaults() {
        return new PocketSphinxSettings(DEBIAN_MODEL_DIR.resolve("en-us"), DEBIAN_MODEL_DIR.resolve("en-us.lm.bin"),
                DEBIAN_MODEL_DIR.resolve("cmudict-en-us.dict"), 16000, SPEECH_CMN, 30, 100, 4,
                "libpocketsphinx.so.3", "libsphinxbase.so.3");
    }

    /** Fails with the path of the first model file that is missing: pocketsphinx itself would exit the JVM. */
    void requireModelFiles() {
        requireFile(languageModelFile, "language model");
        requireFile(dictionaryFile, "dictionary");
        if (!acousticModelDir.toFile().isDirectory()) {
            throw new SpeechException("pocketsphinx acoustic model folder not found: " + acousticModelDir);
        }
        for (String part : List.of("mdef", "means", "variances", "transition_matrices", "feat.params")) {
            requireFile(acousticModelDir.resolve(part), "acoustic model file");
        }
        if (!acousticModelDir.resolve("sendump").toFile().isFile()
                && !acousticModelDir.resolve("mixture_weights").toFile().isFile()) {
            throw new SpeechException("pocketsphinx acoustic model has neither sendump nor mixture_weights in " + acousticModelDir);
        }
    }

    private static void requireFile(Path file, String what) {
        if (!file.toFile().isFile()) {
            throw new SpeechException("pocketsphinx " + what + " not found: " + file);
        }
    }

    float[] cmnInitArray() {
        float[] values = new float[cmnInit.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = cmnInit.get(i);
        }
        return values;
    }
}
