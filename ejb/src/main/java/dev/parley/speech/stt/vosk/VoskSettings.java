package dev.parley.speech.stt.vosk;

import dev.parley.speech.SpeechException;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings of the Vosk provider.
 *
 * @param modelDir              a Vosk model folder ({@code am/}, {@code graph/}, {@code conf/}, ...) to use
 *                              instead of the small en-us model built into the jar
 * @param partialIntervalMillis how much new audio the recognizer takes between partial results
 */
public record VoskSettings(Optional<Path> modelDir, int partialIntervalMillis) {

    /** Where the build unpacks com.alphacephei:vosk-model-en's assets/model-en-us. */
    public static final String BUILT_IN_MODEL_RESOURCES = "/dev/parley/speech/stt/vosk/model-en-us/";

    /** The built-in model's files, relative to its folder: the classpath cannot be listed. */
    static final String[] BUILT_IN_MODEL_FILES = {
        "README", "uuid", "am/final.mdl", "conf/mfcc.conf", "conf/model.conf", "graph/Gr.fst", "graph/HCLr.fst",
        "graph/disambig_tid.int", "graph/phones/word_boundary.int", "ivector/final.dubm", "ivector/final.ie",
        "ivector/final.mat", "ivector/global_cmvn.stats", "ivector/online_cmvn.conf", "ivector/splice.conf"};

    public VoskSettings {
        if (partialIntervalMillis < 10) {
            throw new SpeechException("Vosk partial interval must be at least 10 ms, got " + partialIntervalMillis);
        }
    }

    public static VoskSettings defaults() {
        return new VoskSettings(Optional.empty(), 100);
    }
}
