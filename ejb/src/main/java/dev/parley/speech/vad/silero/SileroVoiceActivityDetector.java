package dev.parley.speech.vad.silero;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.parley.speech.SpeechException;
import dev.parley.speech.VoiceActivityDetector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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

    /**
     * One stream's inputs live in direct buffers that its tensors are backed by, made once: a frame
     * only rewrites them. Building the tensors from Java arrays each frame (and reading the state back
     * as nested arrays, which ONNX Runtime's Java binding does by reflection) cost about as much as
     * the model itself, on the receive thread of every call, 31 times a second.
     */
    private final class SileroStream implements Stream {
        private static final float PCM_SCALE = 1f / 32768f;
        private static final int STATE_FLOATS = 2 * 128;
        private final int frameSamples = settings.frameSamples();
        private final int contextSamples = settings.contextSamples();
        private final float[] context = new float[contextSamples];
        private final FloatBuffer input = directFloats(contextSamples + frameSamples);
        private final FloatBuffer state = directFloats(STATE_FLOATS);
        private final OnnxTensor audioTensor;
        private final OnnxTensor stateTensor;
        private final OnnxTensor rateTensor;
        private final Map<String, OnnxTensor> inputs;
        private boolean closed;

        SileroStream() {
            OnnxTensor audio = null;
            OnnxTensor stateIn = null;
            try {
                audio = OnnxTensor.createTensor(environment, input, new long[] {1, contextSamples + frameSamples});
                stateIn = OnnxTensor.createTensor(environment, state, new long[] {2, 1, 128});
                rateTensor = OnnxTensor.createTensor(environment, (long) settings.sampleRateHz());
            } catch (OrtException e) {
                closeAll(audio, stateIn);
                throw new SpeechException("Silero VAD: cannot make a stream's tensors: " + e.getMessage(), e);
            }
            audioTensor = audio;
            stateTensor = stateIn;
            inputs = Map.of("input", audioTensor, "state", stateTensor, "sr", rateTensor);
        }

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
            input.clear();
            input.put(context);
            for (int i = 0; i < frameSamples; i++) {
                float sample = frame[i] * PCM_SCALE;
                input.put(sample);
                if (i >= frameSamples - contextSamples) {
                    context[i - (frameSamples - contextSamples)] = sample;
                }
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float probability = ((OnnxTensor) result.get("output").orElseThrow()).getFloatBuffer().get(0);
                FloatBuffer next = ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer();
                state.clear();
                state.put(next);
                return probability;
            } catch (OrtException e) {
                throw new SpeechException("Silero VAD inference failed: " + e.getMessage(), e);
            }
        }

        @Override
        public void reset() {
            java.util.Arrays.fill(context, 0f);
            state.clear();
            state.put(new float[STATE_FLOATS]);
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                closeAll(audioTensor, stateTensor, rateTensor);
            }
        }
    }

    private static FloatBuffer directFloats(int count) {
        return ByteBuffer.allocateDirect(count * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void closeAll(OnnxTensor... tensors) {
        for (OnnxTensor tensor : tensors) {
            if (tensor != null) {
                tensor.close();
            }
        }
    }
}
