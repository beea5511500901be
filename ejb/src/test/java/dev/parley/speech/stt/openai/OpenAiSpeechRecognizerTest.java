package dev.parley.speech.stt.openai;

import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechRecognizer;
import dev.parley.speech.Transcript;
import dev.parley.speech.openai.ConnectionWatch;
import dev.parley.speech.openai.FakeSpeechServer;
import dev.parley.speech.openai.SpeechServer;
import dev.parley.speech.testing.Collector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transcription-server recognizer against a local server speaking {@code POST /v1/audio/transcriptions}. */
class OpenAiSpeechRecognizerTest {
    private static final String PATH = "/v1/audio/transcriptions";

    private static OpenAiSpeechRecognizer recognizer(URI baseUrl, int timeoutMillis, int maxAudioSeconds) {
        return new OpenAiSpeechRecognizer(new OpenAiRecognizerSettings(new SpeechServer("STT", baseUrl, "test-key", timeoutMillis),
                "whisper-test", Optional.of("en"), maxAudioSeconds), ProviderThreads.named("test-stt"));
    }

    private static short[] ramp(int samples) {
        short[] pcm = new short[samples];
        for (int i = 0; i < samples; i++) {
            pcm[i] = (short) (i * 7 - 20_000);
        }
        return pcm;
    }

    /** Feeds the audio in 20 ms frames, as the engine does, and finishes. */
    private static void speak(SpeechRecognizer.Utterance utterance, short[] pcm) {
        for (int at = 0; at < pcm.length; at += 320) {
            utterance.accept(pcm, at, Math.min(320, pcm.length - at));
        }
        utterance.finish();
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void sendsTheUtteranceAsAWavFileWithModelLanguageAndKeyAndReturnsTheText() throws IOException {
        try (FakeSpeechServer server = new FakeSpeechServer(PATH,
                (exchange, body) -> FakeSpeechServer.json(exchange, 200, "{\"text\":\" Ask not what your country can do for you. \"}"));
             OpenAiSpeechRecognizer recognizer = recognizer(server.baseUrl(), 5_000, 30)) {
            short[] audio = ramp(16_000 + 123);
            Collector.Transcripts result = new Collector.Transcripts();
            speak(recognizer.startUtterance(result), audio);
            result.awaitEnd();

            assertNull(result.error);
            assertEquals("Ask not what your country can do for you.", result.fin.text());
            assertTrue(result.fin.isFinal());
            assertEquals(1007, result.fin.audioMillis());
            assertTrue(result.partials.isEmpty(), "a file-transcription server gives no partials");
            assertEquals("Bearer test-key", server.authorizations.get(0));
            String contentType = server.contentTypes.get(0);
            assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);

            byte[] body = server.requestBodies.get(0);
            String text = new String(body, StandardCharsets.ISO_8859_1);
            assertTrue(text.contains("name=\"model\"\r\n\r\nwhisper-test\r\n"), text.substring(0, 200));
            assertTrue(text.contains("name=\"language\"\r\n\r\nen\r\n"));
            assertTrue(text.contains("name=\"response_format\"\r\n\r\njson\r\n"));
            assertTrue(text.contains("name=\"file\"; filename=\"utterance.wav\"\r\nContent-Type: audio/wav\r\n\r\n"));
            assertTrue(text.endsWith("--\r\n"), "the closing boundary");

            int riff = indexOf(body, "RIFF".getBytes(StandardCharsets.US_ASCII), 0);
            ByteBuffer wav = ByteBuffer.wrap(body, riff, body.length - riff).slice().order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(1, wav.getShort(20), "PCM");
            assertEquals(1, wav.getShort(22), "mono");
            assertEquals(16_000, wav.getInt(24));
            assertEquals(16, wav.getShort(34));
            assertEquals(audio.length * 2, wav.getInt(40));
            for (int i = 0; i < audio.length; i++) {
                assertEquals(audio[i], wav.getShort(44 + 2 * i), "sample " + i);
            }
        }
    }

    @Test
    void anHttpErrorCarriesTheStatusAndTheServersMessage() throws IOException {
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> FakeSpeechServer.json(exchange, 400,
                "{\"error\":{\"message\":\"Model whisper-test is not loaded\",\"type\":\"invalid_request_error\"}}"));
             OpenAiSpeechRecognizer recognizer = recognizer(server.baseUrl(), 5_000, 30)) {
            Collector.Transcripts result = new Collector.Transcripts();
            speak(recognizer.startUtterance(result), ramp(3_200));
            result.awaitEnd();

            assertNull(result.fin);
            assertEquals("STT server at " + server.baseUrl() + " answered POST /audio/transcriptions with HTTP 400:"
                    + " Model whisper-test is not loaded", result.error.getMessage());
        }
    }

    @Test
    void anAnswerWithoutTextIsAClearError() throws IOException {
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> FakeSpeechServer.json(exchange, 200, "{\"segments\":[]}"));
             OpenAiSpeechRecognizer recognizer = recognizer(server.baseUrl(), 5_000, 30)) {
            Collector.Transcripts result = new Collector.Transcripts();
            speak(recognizer.startUtterance(result), ramp(3_200));
            result.awaitEnd();
            assertTrue(result.error.getMessage().contains("without a JSON \"text\" field: {\"segments\":[]}"), result.error.getMessage());
        }
    }

    @Test
    void aSlowServerFailsAfterTheTimeout() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> {
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            FakeSpeechServer.json(exchange, 200, "{\"text\":\"too late\"}");
        }); OpenAiSpeechRecognizer recognizer = recognizer(server.baseUrl(), 400, 30)) {
            Collector.Transcripts result = new Collector.Transcripts();
            long start = System.nanoTime();
            speak(recognizer.startUtterance(result), ramp(3_200));
            result.awaitEnd();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            release.countDown();

            assertNull(result.fin);
            assertTrue(result.error.getMessage().startsWith("STT server at " + server.baseUrl() + " did not answer POST /audio/transcriptions within 400 ms"),
                    result.error.getMessage());
            assertTrue(tookMillis >= 390 && tookMillis < 10_000, "took " + tookMillis + " ms");
        }
    }

    @Test
    void cancellingAnUtteranceUnderWayClosesTheConnectionAndCallsNothing() throws Exception {
        // The server reads the request and never answers, as if transcribing for ever.
        try (ConnectionWatch server = new ConnectionWatch(new byte[0]);
             OpenAiSpeechRecognizer recognizer = recognizer(server.baseUrl(), 30_000, 30)) {
            Collector.Transcripts result = new Collector.Transcripts();
            SpeechRecognizer.Utterance utterance = recognizer.startUtterance(result);
            speak(utterance, ramp(3_200));
            assertTrue(server.awaitRequest(10));
            assertFalse(server.awaitClosedByClient(100), "the connection stays open while the server works");
            utterance.cancel();

            assertTrue(server.awaitClosedByClient(5_000), "the server saw the connection closed");
            Thread.sleep(200);
            assertFalse(result.ended(), "no final and no error after a cancel");
        }
    }

    @Test
    void closingTheRecognizerCancelsWhatIsUnderWay() throws Exception {
        try (ConnectionWatch server = new ConnectionWatch(new byte[0])) {
            OpenAiSpeechRecognizer recognizer = recognizer(server.baseUrl(), 30_000, 30);
            Collector.Transcripts result = new Collector.Transcripts();
            speak(recognizer.startUtterance(result), ramp(3_200));
            assertTrue(server.awaitRequest(10));
            recognizer.close();

            assertTrue(server.awaitClosedByClient(5_000), "the server saw the connection closed");
            Thread.sleep(200);
            assertFalse(result.ended(), "no final and no error after the close");
        }
    }

    @Test
    void anEmptyUtteranceIsAnEmptyFinalWithoutARequest() throws IOException {
        AtomicBoolean asked = new AtomicBoolean();
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> {
            asked.set(true);
            FakeSpeechServer.json(exchange, 200, "{\"text\":\"\"}");
        }); OpenAiSpeechRecognizer recognizer = recognizer(server.baseUrl(), 5_000, 30)) {
            AtomicReference<String> thread = new AtomicReference<>();
            Collector.Transcripts result = new Collector.Transcripts() {
                @Override
                public void onFinal(Transcript transcript) {
                    thread.set(Thread.currentThread().getName());
                    super.onFinal(transcript);
                }
            };
            recognizer.startUtterance(result).finish();
            result.awaitEnd();
            assertTrue(thread.get().startsWith("test-stt-"), "called back on " + thread.get() + ", not the caller's thread");
            assertNotNull(result.fin);
            assertEquals("", result.fin.text());
            assertFalse(asked.get());
        }
    }

    @Test
    void anUtteranceLongerThanTheLimitIsRefusedWithoutARequest() throws IOException {
        AtomicBoolean asked = new AtomicBoolean();
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> {
            asked.set(true);
            FakeSpeechServer.json(exchange, 200, "{\"text\":\"\"}");
        }); OpenAiSpeechRecognizer recognizer = recognizer(server.baseUrl(), 5_000, 1)) {
            Collector.Transcripts result = new Collector.Transcripts();
            speak(recognizer.startUtterance(result), ramp(40_000));
            result.awaitEnd();
            assertEquals("the utterance lasted 2 s, longer than parley.stt.openai.max-audio-seconds=1;"
                    + " nothing was sent to the STT server", result.error.getMessage());
            assertFalse(asked.get());
        }
    }

    @Test
    void aServerThatIsNotThereIsNamed() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + port + "/v1");
        try (OpenAiSpeechRecognizer recognizer = recognizer(nowhere, 5_000, 30)) {
            Collector.Transcripts result = new Collector.Transcripts();
            speak(recognizer.startUtterance(result), ramp(3_200));
            result.awaitEnd();
            assertEquals("STT server at " + nowhere + " refused the connection for POST /audio/transcriptions; is it running?",
                    result.error.getMessage());
        }
    }
}
