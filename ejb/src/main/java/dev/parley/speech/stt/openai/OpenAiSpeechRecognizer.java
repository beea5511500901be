package dev.parley.speech.stt.openai;

import dev.parley.speech.SpeechException;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.openai.SpeechServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Speech to text on an operator's own server speaking OpenAI's {@code POST /audio/transcriptions}
 * (faster-whisper servers, whisper.cpp's server, LocalAI, OpenAI). Such servers transcribe whole
 * files, so an utterance's audio is kept until {@link Utterance#finish()}, sent as one WAV file,
 * and the server's text is the final; there are no partials.
 *
 * <p>Each utterance is one request on the JDK HTTP client; cancelling it aborts the request. The
 * client's callbacks and the timeout watch run on threads from the factory given, released by
 * {@link #close()}.
 */
public final class OpenAiSpeechRecognizer implements SpeechRecognizer, AutoCloseable {
    private static final String REQUEST = "POST /audio/transcriptions";

    private final OpenAiRecognizerSettings settings;
    private final SpeechServer server;
    private final ExecutorService callbacks;
    private final ScheduledExecutorService timer;
    private final HttpClient http;
    private final Set<Upload> running = ConcurrentHashMap.newKeySet();

    public OpenAiSpeechRecognizer(OpenAiRecognizerSettings settings, ThreadFactory threads) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.server = settings.server();
        this.callbacks = Executors.newCachedThreadPool(threads);
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, threads);
        timer.setRemoveOnCancelPolicy(true);
        this.timer = timer;
        this.http = server.client(callbacks);
    }

    @Override
    public Utterance startUtterance(Listener listener) {
        return new Upload(Objects.requireNonNull(listener, "listener"));
    }

    /** Cancels the requests under way (closing their connections) and stops the threads. */
    @Override
    public void close() {
        for (Upload upload : running) {
            upload.cancel();
        }
        timer.shutdownNow();
        callbacks.shutdownNow();
    }

    private final class Upload implements Utterance {
        private final Listener listener;
        private final int maxSamples = settings.maxAudioSeconds() * OpenAiRecognizerSettings.SAMPLE_RATE_HZ;
        private final AtomicBoolean ended = new AtomicBoolean();
        private short[] audio = new short[OpenAiRecognizerSettings.SAMPLE_RATE_HZ * 4];
        private int samples;
        private long samplesOffered;
        private boolean finished;
        private volatile boolean cancelled;
        private volatile CompletableFuture<HttpResponse<byte[]>> call;
        private volatile ScheduledFuture<?> deadline;

        Upload(Listener listener) {
            this.listener = listener;
        }

        @Override
        public synchronized void accept(short[] pcm, int offset, int length) {
            Objects.checkFromIndexSize(offset, length, pcm.length);
            if (finished || cancelled) {
                return;
            }
            samplesOffered += length;
            // Past the limit audio is counted, not kept: finish() reports how long it was.
            int kept = Math.min(length, Math.max(0, maxSamples - samples));
            if (samples + kept > audio.length) {
                audio = Arrays.copyOf(audio, Math.min(maxSamples, Math.max(audio.length * 2, samples + kept)));
            }
            System.arraycopy(pcm, offset, audio, samples, kept);
            samples += kept;
        }

        @Override
        public void finish() {
            byte[] wav;
            long audioMillis;
            synchronized (this) {
                if (finished || cancelled) {
                    return;
                }
                finished = true;
                audioMillis = samplesOffered * 1000 / OpenAiRecognizerSettings.SAMPLE_RATE_HZ;
                if (samplesOffered > maxSamples) {
                    later(null, new SpeechException("the utterance lasted " + audioMillis / 1000 + " s, longer than"
                            + " parley.stt.openai.max-audio-seconds=" + settings.maxAudioSeconds() + "; nothing was sent to the STT server"));
                    return;
                }
                if (samples == 0) {
                    later(new Transcript("", true, 0, 0), null);
                    return;
                }
                wav = WavFile.of(audio, samples, OpenAiRecognizerSettings.SAMPLE_RATE_HZ);
                audio = null; // the WAV copy is what is sent; free the rest early
            }
            send(wav, audioMillis);
        }

        private void send(byte[] wav, long audioMillis) {
            running.add(this);
            long started = System.nanoTime();
            MultipartForm form = new MultipartForm().file("file", "utterance.wav", "audio/wav", wav)
                    .field("model", settings.model())
                    .field("response_format", "json");
            settings.language().ifPresent(language -> form.field("language", language));
            HttpRequest request = HttpRequest.newBuilder(server.endpoint("audio/transcriptions"))
                    .timeout(server.timeout())
                    .header("Authorization", "Bearer " + server.apiKey())
                    .header("Content-Type", form.contentType())
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(form.bytes()))
                    .build();
            try {
                // The request timeout covers the wait for the answer's headers; this one the whole exchange.
                deadline = timer.schedule(() -> abort(new SpeechException("STT server at " + server.baseUrl()
                        + " did not answer " + REQUEST + " within " + server.timeoutMillis() + " ms")),
                        server.timeoutMillis(), TimeUnit.MILLISECONDS);
                call = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (RuntimeException e) { // the provider is closed, or the request was refused at once
                end(null, server.failure(REQUEST, e));
                return;
            }
            if (cancelled) {
                call.cancel(true);
            }
            call.whenComplete((response, error) -> {
                if (error != null) {
                    end(null, server.failure(REQUEST, error));
                } else if (response.statusCode() / 100 != 2) {
                    end(null, server.httpError(REQUEST, response.statusCode(), response.body()));
                } else {
                    try {
                        end(new Transcript(text(response.body()), true, audioMillis,
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)), null);
                    } catch (SpeechException e) {
                        end(null, e);
                    }
                }
            });
        }

        private String text(byte[] body) {
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
                JsonObject json = reader.readObject();
                JsonValue text = json.get("text");
                if (text instanceof JsonString string) {
                    return string.getString().strip();
                }
            } catch (RuntimeException notJson) {
                // reported below with what was sent back
            }
            String shown = new String(body, 0, Math.min(body.length, 200), java.nio.charset.StandardCharsets.UTF_8);
            throw new SpeechException("STT server at " + server.baseUrl() + " answered " + REQUEST
                    + " without a JSON \"text\" field: " + shown.replaceAll("\\s+", " "));
        }

        /** Ends on one of the provider's threads, as every callback comes, not inside the caller's finish(). */
        private void later(Transcript fin, SpeechException error) {
            try {
                callbacks.execute(() -> end(fin, error));
            } catch (RejectedExecutionException closed) {
                end(null, new SpeechException("the openai speech recognizer is closed"));
            }
        }

        private void abort(SpeechException error) {
            CompletableFuture<?> running = call;
            end(null, error);
            if (running != null) {
                running.cancel(true);
            }
        }

        /** Delivers the one final or error, unless cancelled or already ended. */
        private void end(Transcript fin, SpeechException error) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            running.remove(this);
            ScheduledFuture<?> watch = deadline;
            if (watch != null) {
                watch.cancel(false);
            }
            if (cancelled) {
                return;
            }
            if (error != null) {
                listener.onError(error);
            } else {
                listener.onFinal(fin);
            }
        }

        @Override
        public void cancel() {
            synchronized (this) {
                cancelled = true;
                audio = null;
            }
            ended.set(true);
            running.remove(this);
            ScheduledFuture<?> watch = deadline;
            if (watch != null) {
                watch.cancel(false);
            }
            CompletableFuture<?> running = call;
            if (running != null) {
                running.cancel(true); // aborts the exchange and closes its connection
            }
        }
    }
}
