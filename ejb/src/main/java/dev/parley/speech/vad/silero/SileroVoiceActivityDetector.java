package dev.parley.speech.vad.silero;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.parley.speech.SpeechException;
import dev.parley.speech.VoiceActivityDetector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Map;

/**
 * Silero VAD v5 through ONNX Runtime. One session is shared by all streams (ONNX Runtime runs
 * are thread-safe); each stream carries its own recurrent state and audio context.
 */
public final class SileroVoiceActivityDetector implements VoiceActivityDetector, AutoCloseable {

    private final SileroSettings settings;
    private final OrtEnvironment environment;
    private final OrtSession session;

    public SileroVoiceActivityDetector(SileroSettings settings) {
        this.settings = settings;
        // The environment is ONNX Runtime's own process-wide singleton; it is never closed here.
        this.environment = OrtEnvironment.getEnvironment();
        byte[] model = readModel(settings);
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(1);
            this.session = environment.createSession(model, options);
        } catch (OrtException e) {
            throw new SpeechException("Silero VAD: ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        if (!session.getInputNames().containsAll(java.util.Set.of("input", "state", "sr"))) {
            String inputs = session.getInputNames().toString();
            closeQuietly(session);
            throw new SpeechException("Silero VAD: the model's inputs are " + inputs
                    + ", expected input, state and sr (Silero VAD v5)");
        }
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Already failing with a clearer error about the model's inputs.
        }
    }

    private static byte[] readModel(SileroSettings settings) {
        if (settings.modelFile().isPresent()) {
            var file = settings.modelFile().get();
            if (!Files.isRegularFile(file)) {
                throw new SpeechException("Silero VAD model file not found: " + file);
            }
            try {
                return Files.readAllBytes(file);
            } catch (IOException e) {
                throw new SpeechException("Silero VAD model file unreadable: " + file, e);
            }
        }
        try (InputStream in = SileroVoiceActivityDetector.class.getResourceAsStream(SileroSettings.BUILT_IN_MODEL_RESOURCE)) {
            if (in == null) {
                throw new SpeechException("Silero VAD model missing from the classpath at "
                        + SileroSettings.BUILT_IN_MODEL_RESOURCE + " (the ejb build fetches it from npm)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SpeechException("Silero VAD model unreadable at " + SileroSettings.BUILT_IN_MODEL_RESOURCE, e);
        }
    }

    @Override
    public int frameSamples() {
        return settings.frameSamples();
    }

    @Override
    public Stream open() {
        return new SileroStream();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new SpeechException("Silero VAD: closing the ONNX session failed", e);
        }
    }

    private final class SileroStream implements Stream {
        private static final float PCM_SCALE = 1f / 32768f;
        private final int frameSamples = settings.frameSamples();
        private final int contextSamples = settings.contextSamples();
        private final float[] input = new float[contextSamples + frameSamples];
        private float[][][] state = new float[2][1][128];
        private boolean closed;

        @Override
        public float speechProbability(short[] frame) {
            if (closed) {
                throw new SpeechException("Silero VAD stream is closed");
            }
            if (frame == null || frame.length != frameSamples) {
                throw new SpeechException("Silero VAD needs frames of exactly " + frameSamples + " samples at "
                        + settings.sampleRateHz() + " Hz, got " + (frame == null ? "null" : frame.length + " samples"));
            }
            // The model sees the last samples of the previous frame, then the new frame.
            System.arraycopy(input, frameSamples, input, 0, contextSamples);
            for (int i = 0; i < frameSamples; i++) {
                input[contextSamples + i] = frame[i] * PCM_SCALE;
            }
            try (OnnxTensor audio = OnnxTensor.createTensor(environment, new float[][] {input});
                 OnnxTensor stateIn = OnnxTensor.createTensor(environment, state);
                 OnnxTensor rate = OnnxTensor.createTensor(environment, (long) settings.sampleRateHz());
                 OrtSession.Result result = session.run(Map.of("input", audio, "state", stateIn, "sr", rate))) {
                float probability = ((float[][]) result.get("output").orElseThrow().getValue())[0][0];
                state = (float[][][]) result.get("stateN").orElseThrow().getValue();
                return probability;
            } catch (OrtException e) {
                throw new SpeechException("Silero VAD inference failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void reset() {
            java.util.Arrays.fill(input, 0f);
            state = new float[2][1][128];
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
