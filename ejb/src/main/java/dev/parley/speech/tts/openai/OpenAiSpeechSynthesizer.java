package dev.parley.speech.tts.openai;

import dev.parley.speech.Cancellable;
import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechSynthesizer;
import dev.parley.speech.openai.SpeechServer;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Text to speech on an operator's own server speaking OpenAI's {@code POST /audio/speech}
 * (Kokoro-FastAPI, Piper servers, OpenAI), asking for raw 16-bit PCM. The answer is read as it
 * streams in: each piece that arrives is resampled from the server's rate to 16 kHz and handed on
 * at once, so speech starts with the server's first bytes.
 *
 * <p>Cancelling a synthesis stops reading and closes its connection at once, so the server stops
 * generating. A server that sends nothing for the timeout (before or during the answer) fails the
 * synthesis, as does an HTTP error (its status and the server's message are in the error) or a
 * connection that breaks mid-stream (after the audio that did arrive).
 */
public final class OpenAiSpeechSynthesizer implements SpeechSynthesizer, AutoCloseable {
    static final int OUTPUT_RATE_HZ = 16_000;
    private static final String REQUEST = "POST /audio/speech";
    private static final int MAX_ERROR_BODY_BYTES = 8 * 1024;

    private final OpenAiSynthesizerSettings settings;
    private final SpeechServer server;
    private final ExecutorService callbacks;
    private final ScheduledThreadPoolExecutor timer;
    private final HttpClient http;
    private final Set<Synthesis> running = ConcurrentHashMap.newKeySet();

    public OpenAiSpeechSynthesizer(OpenAiSynthesizerSettings settings, ThreadFactory threads) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.server = settings.server();
        this.callbacks = Executors.newCachedThreadPool(threads);
        this.timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.setRemoveOnCancelPolicy(true);
        this.http = server.client(callbacks);
    }

    @Override
    public Cancellable synthesize(String text, Listener listener) {
        Synthesis synthesis = new Synthesis(Objects.requireNonNull(listener, "listener"));
        if (text == null || text.isBlank()) {
            // On the provider's own thread, as every callback comes, not inside the caller's call.
            try {
                callbacks.execute(() -> synthesis.end(new SpeechException("nothing to synthesise: the text is empty")));
            } catch (RejectedExecutionException closed) {
                synthesis.end(new SpeechException("the openai speech synthesiser is closed"));
            }
            return synthesis;
        }
        synthesis.start(text);
        return synthesis;
    }

    /** Cancels the syntheses under way (closing their connections) and stops the threads. */
    @Override
    public void close() {
        for (Synthesis synthesis : running) {
            synthesis.cancel();
        }
        timer.shutdownNow();
        callbacks.shutdownNow();
    }

    private HttpRequest request(String text) {
        JsonObjectBuilder body = Json.createObjectBuilder()
                .add("model", settings.model())
                .add("input", text)
                .add("voice", settings.voice())
                .add("response_format", "pcm");
        settings.speed().ifPresent(speed -> body.add("speed", speed));
        return HttpRequest.newBuilder(server.endpoint("audio/speech"))
                .timeout(server.timeout()) // until the answer's headers; the watch below covers the body
                .header("Authorization", "Bearer " + server.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.build().toString()))
                .build();
    }

    /**
     * One synthesis: the handler of its HTTP answer and the subscriber to its body. Callbacks to
     * the listener come from one body piece at a time; {@code ended} lets exactly one completion
     * or error through, and none after a cancel.
     */
    private final class Synthesis implements Cancellable, HttpResponse.BodyHandler<Void>, Flow.Subscriber<List<ByteBuffer>> {
        private final Listener listener;
        private final AtomicBoolean ended = new AtomicBoolean();
        private final Object delivering = new Object();
        private volatile boolean cancelled;
        private volatile Flow.Subscription subscription;
        private volatile CompletableFuture<HttpResponse<Void>> call;
        private volatile ScheduledFuture<?> watch;
        private volatile long lastActivityNanos = System.nanoTime();
        // Set by apply() before the body flows; read by the body callbacks, which follow it.
        private int errorStatus;
        private ByteArrayOutputStream errorBody;
        private String refusedType;
        private PcmDecoder decoder;
        private Resampler resampler;
        private long samplesOut;

        Synthesis(Listener listener) {
            this.listener = listener;
        }

        void start(String text) {
            running.add(this);
            try {
                long period = Math.max(10, server.timeoutMillis() / 4);
                watch = timer.scheduleAtFixedRate(this::checkActivity, period, period, TimeUnit.MILLISECONDS);
                call = http.sendAsync(request(text), this);
            } catch (RuntimeException e) { // closed provider or a request refused at once
                end(server.failure(REQUEST, e));
                return;
            }
            if (cancelled) {
                call.cancel(true);
            }
            call.whenComplete((response, error) -> {
                if (error != null) {
                    end(server.failure(REQUEST, error)); // no effect when the body callbacks ended it
                }
            });
        }

        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            lastActivityNanos = System.nanoTime();
            String type = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
            if (info.statusCode() / 100 != 2) {
                errorStatus = info.statusCode();
                errorBody = new ByteArrayOutputStream();
            } else if (type.matches("audio/(mpeg|mp3|ogg|opus|aac|flac|webm).*")) {
                refusedType = type;
            } else {
                decoder = new PcmDecoder("TTS server at " + server.baseUrl());
                resampler = new Resampler(settings.sampleRateHz(), OUTPUT_RATE_HZ);
            }
            return HttpResponse.BodySubscribers.fromSubscriber(this);
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (refusedType != null) {
                end(new SpeechException("TTS server at " + server.baseUrl() + " answered " + REQUEST + " with " + refusedType
                        + " instead of raw PCM; it does not support response_format pcm"));
            }
            if (ended.get()) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> pieces) {
            lastActivityNanos = System.nanoTime();
            if (ended.get()) {
                subscription.cancel();
                return;
            }
            try {
                for (ByteBuffer piece : pieces) {
                    if (errorBody != null) {
                        keepErrorBody(piece);
                    } else {
                        deliver(samples(piece));
                    }
                }
            } catch (RuntimeException e) { // a stream that cannot be read, or a listener that failed: end, never hang
                end(e instanceof SpeechException speech ? speech : new SpeechException("TTS stream handling failed: " + e, e));
                subscription.cancel();
                return;
            }
            subscription.request(1);
        }

        private void keepErrorBody(ByteBuffer piece) {
            int room = MAX_ERROR_BODY_BYTES - errorBody.size();
            byte[] bytes = new byte[Math.min(room, piece.remaining())];
            piece.get(bytes);
            errorBody.writeBytes(bytes);
        }

        private short[] samples(ByteBuffer piece) {
            boolean headerKnown = decoder.wavSampleRate().isPresent();
            short[] pcm = decoder.decode(piece);
            if (!headerKnown && decoder.wavSampleRate().isPresent()) {
                resampler = new Resampler(decoder.wavSampleRate().getAsInt(), OUTPUT_RATE_HZ); // the stream's own rate wins
            }
            return pcm.length == 0 ? pcm : resampler.process(pcm);
        }

        private void deliver(short[] pcm) {
            if (pcm.length == 0) {
                return;
            }
            synchronized (delivering) {
                if (!ended.get()) {
                    samplesOut += pcm.length;
                    listener.onAudio(pcm);
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            end(new SpeechException("TTS server at " + server.baseUrl() + ": the answer to " + REQUEST + " broke off after "
                    + samplesOut * 1000 / OUTPUT_RATE_HZ + " ms of audio: " + error, error));
        }

        @Override
        public void onComplete() {
            if (errorBody != null) {
                end(server.httpError(REQUEST, errorStatus, errorBody.toByteArray()));
                return;
            }
            if (decoder == null) {
                return; // refused content type, already reported
            }
            deliver(resampler.flush());
            if (samplesOut == 0) {
                end(new SpeechException("TTS server at " + server.baseUrl() + " answered " + REQUEST + " without any audio"));
            } else {
                end(null);
            }
        }

        private void checkActivity() {
            long quietMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivityNanos);
            if (quietMillis >= server.timeoutMillis()) {
                end(new SpeechException("TTS server at " + server.baseUrl() + " sent nothing for " + quietMillis + " ms "
                        + (subscription == null ? "while answering " : "in the middle of its answer to ") + REQUEST
                        + " (timeout " + server.timeoutMillis() + " ms)"));
                stopReading();
            }
        }

        /** Completes ({@code error} null) or fails, once; nothing reaches the listener after a cancel. */
        void end(SpeechException error) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            running.remove(this);
            ScheduledFuture<?> watching = watch;
            if (watching != null) {
                watching.cancel(false);
            }
            synchronized (delivering) {
                if (cancelled) {
                    return;
                }
                if (error == null) {
                    listener.onComplete();
                } else {
                    listener.onError(error);
                }
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            ended.set(true);
            running.remove(this);
            ScheduledFuture<?> watching = watch;
            if (watching != null) {
                watching.cancel(false);
            }
            stopReading();
        }

        /** Closes the connection at once: cancelling the body subscription or the exchange does. */
        private void stopReading() {
            Flow.Subscription body = subscription;
            if (body != null) {
                body.cancel();
            }
            CompletableFuture<?> exchange = call;
            if (exchange != null) {
                exchange.cancel(true);
            }
        }
    }
}
