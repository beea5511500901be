package dev.parley.speech.vad.silero;

import dev.parley.speech.SpeechException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the Silero VAD v5 provider.
 *
 * @param modelFile    an ONNX file to use instead of the model built into the jar
 * @param sampleRateHz must be 16000, Parley's internal rate (the model also knows 8000 Hz, which
 *                     Parley never carries)
 * @param intraOpThreads ONNX Runtime threads per inference; 1 suits 32 ms frames best
 */
public record SileroSettings(Optional<Path> modelFile, int sampleRateHz, int intraOpThreads) {

    /** Where the build puts the model fetched from npm (@ricky0123/vad-web, dist/silero_vad_v5.onnx). */
    public static final String BUILT_IN_MODEL_RESOURCE = "/dev/parley/speech/vad/silero/silero_vad_v5.onnx";

    public SileroSettings {
        if (sampleRateHz != 16000) {
            throw new SpeechException("Silero VAD runs on Parley's 16000 Hz audio, not " + sampleRateHz + " Hz");
        }
        if (intraOpThreads < 1) {
            throw new SpeechException("Silero VAD needs at least one thread, got " + intraOpThreads);
        }
    }

    public static SileroSettings defaults() {
        return new SileroSettings(Optional.empty(), 16000, 1);
    }

    /** New samples per frame: 32 ms. */
    public int frameSamples() {
        return 512;
    }

    /** Samples of the previous frame the model sees before the new ones. */
    public int contextSamples() {
        return 64;
    }
}
