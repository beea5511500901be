package dev.parley.speech.stt.moonshine;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One utterance's decoding state: the encoder's output, run once, and the merged decoder's
 * key/value cache, grown one piece per {@link #next} call. {@link #restart} decodes the same
 * audio again from the beginning (to score another text for it) without running the encoder again.
 */
final class DecoderSteps implements AutoCloseable {
    private static final int HEADS = 8;
    private static final int HEAD_DIM = 36;

    private final OrtEnvironment environment;
    private final OrtSession decoder;
    private final List<String> cacheNames;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final OnnxValue hidden;
    private final OnnxTensor empty;
    private final OnnxTensor noCache;
    private final OnnxTensor useCache;
    private final Map<String, OnnxTensor> cache = new HashMap<>();
    /** The first step's result holds the encoder's part of the cache for every later step. */
    private OrtSession.Result first;
    private OrtSession.Result previous;
    private int step;

    DecoderSteps(OrtEnvironment environment, OrtSession encoder, OrtSession decoder, List<String> cacheNames, float[] audio)
            throws OrtException {
        this.environment = environment;
        this.decoder = decoder;
        this.cacheNames = cacheNames;
        try {
            OnnxTensor input = OnnxTensor.createTensor(environment, FloatBuffer.wrap(audio), new long[] {1, audio.length});
            open.add(input);
            OrtSession.Result encoded = encoder.run(Map.of("input_values", input));
            open.add(encoded);
            hidden = encoded.get("last_hidden_state").orElseThrow();
            empty = OnnxTensor.createTensor(environment, FloatBuffer.allocate(0), new long[] {1, HEADS, 0, HEAD_DIM});
            open.add(empty);
            noCache = OnnxTensor.createTensor(environment, new boolean[] {false});
            open.add(noCache);
            useCache = OnnxTensor.createTensor(environment, new boolean[] {true});
            open.add(useCache);
        } catch (OrtException | RuntimeException e) {
            close();
            throw e;
        }
        restart();
    }

    /** Back to the first piece, before {@link LlamaVocabulary#BOS}. */
    void restart() {
        closeResults();
        for (String name : cacheNames) {
            cache.put(name, empty);
        }
        step = 0;
    }

    /** Feeds one piece and returns the logits of the next (a copy ONNX Runtime makes). */
    FloatBuffer next(long piece) throws OrtException {
        Map<String, OnnxTensor> inputs = new HashMap<>();
        OrtSession.Result result;
        try (OnnxTensor ids = OnnxTensor.createTensor(environment, new long[][] {{piece}})) {
            inputs.put("input_ids", ids);
            inputs.put("encoder_hidden_states", (OnnxTensor) hidden);
            inputs.put("use_cache_branch", step == 0 ? noCache : useCache);
            for (String name : cacheNames) {
                inputs.put("past_key_values." + name, cache.get(name));
            }
            result = decoder.run(inputs);
        }
        FloatBuffer logits;
        try {
            for (String name : cacheNames) {
                // The encoder's part of the cache is computed once, on the first step.
                if (step == 0 || name.contains(".decoder.")) {
                    cache.put(name, (OnnxTensor) result.get("present." + name).orElseThrow());
                }
            }
            logits = ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer();
        } catch (RuntimeException e) {
            result.close(); // a decoder without these outputs: nothing of this step is kept
            throw e;
        }
        if (step == 0) {
            first = result;
        } else {
            if (previous != null) {
                previous.close();
            }
            previous = result;
        }
        step++;
        return logits;
    }

    private void closeResults() {
        if (previous != null) {
            previous.close();
            previous = null;
        }
        if (first != null) {
            first.close();
            first = null;
        }
    }

    @Override
    public void close() {
        closeResults();
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception ignored) {
                // Closing native buffers does not fail in practice; the first error matters.
            }
        }
    }
}
