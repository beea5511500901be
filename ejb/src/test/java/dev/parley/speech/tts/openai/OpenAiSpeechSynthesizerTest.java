package dev.parley.speech.tts.openai;

import dev.parley.speech.Cancellable;
import dev.parley.speech.ProviderThreads;
import dev.parley.speech.SpeechException;
import dev.parley.speech.openai.ConnectionWatch;
import dev.parley.speech.openai.FakeSpeechServer;
import dev.parley.speech.openai.SpeechServer;
import dev.parley.speech.testing.Collector;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The speech-server synthesiser against a local server speaking {@code POST /v1/audio/speech} with streamed PCM. */
class OpenAiSpeechSynthesizerTest {
    private static final String PATH = "/v1/audio/speech";

    private static OpenAiSpeechSynthesizer synthesizer(URI baseUrl, int timeoutMillis, int sampleRateHz) {
        return new OpenAiSpeechSynthesizer(new OpenAiSynthesizerSettings(new SpeechServer("TTS", baseUrl, "test-key", timeoutMillis),
                "kokoro", "af_heart", Optional.of(1.1), sampleRateHz), ProviderThreads.named("test-tts"));
    }

    private static byte[] littleEndian(short[] pcm) {
        ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : pcm) {
            bytes.putShort(sample);
        }
        return bytes.array();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A listener that counts down once the first audio has been handed on. */
    private static final class Heard extends Collector.Audio {
        final CountDownLatch first = new CountDownLatch(1);

        @Override
        public void onAudio(short[] pcm) {
            super.onAudio(pcm);
            first.countDown();
        }
    }

    @Test
    void streamsPcmArrivingInOddPiecesResampledTo16kHzAsItArrives() throws IOException {
        short[] second = ResamplerTest.tone(440, 24_000, 24_000, 9_000);
        byte[] bytes = littleEndian(second);
        Heard heard = new Heard();
        AtomicInteger piecesAfterFirstAudio = new AtomicInteger();
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> {
            exchange.getResponseHeaders().set("Content-Type", "audio/pcm");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            // Pieces of an odd size cut samples in two; the rest is only sent once the client has
            // handed the first audio on, which proves it does not wait for the whole answer.
            for (int at = 0; at < bytes.length; at += 1001) {
                out.write(bytes, at, Math.min(1001, bytes.length - at));
                out.flush();
                if (at == 5 * 1001) {
                    await(heard.first);
                }
                if (heard.first.getCount() == 0) {
                    piecesAfterFirstAudio.incrementAndGet();
                }
            }
        }); OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 5_000, 24_000)) {
            synthesizer.synthesize("Hello there, \"friend\".", heard);
            heard.awaitEnd();

            assertEquals(null, heard.error);
            assertTrue(heard.completed);
            assertTrue(piecesAfterFirstAudio.get() > 10, "audio was handed on before most of it was sent");
            assertTrue(heard.chunks.size() > 10, heard.chunks.size() + " chunks");
            short[] pcm = heard.joined();
            assertEquals(16_000, pcm.length, "one second at 16 kHz");
            assertEquals(9_000, ResamplerTest.amplitude(pcm, 440, 16_000), 150);

            JsonObject request = Json.createReader(new ByteArrayInputStream(server.requestBodies.get(0))).readObject();
            assertEquals("kokoro", request.getString("model"));
            assertEquals("Hello there, \"friend\".", request.getString("input"));
            assertEquals("af_heart", request.getString("voice"));
            assertEquals("pcm", request.getString("response_format"));
            assertEquals(1.1, request.getJsonNumber("speed").doubleValue(), 1e-9);
            assertEquals("application/json", server.contentTypes.get(0));
            assertEquals("Bearer test-key", server.authorizations.get(0));
        }
    }

    @Test
    void aWavStreamIsReadAtItsOwnSampleRate() throws IOException {
        short[] second = ResamplerTest.tone(300, 22_050, 22_050, 7_000);
        ByteBuffer wav = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(-1).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(22_050).putInt(44_100).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(-1);
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> {
            exchange.getResponseHeaders().set("Content-Type", "audio/wav");
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(wav.array(), 0, 30); // the header itself arrives in two pieces
            out.flush();
            out.write(wav.array(), 30, 14);
            out.write(littleEndian(second));
        }); OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 5_000, 24_000)) {
            Collector.Audio audio = new Collector.Audio();
            synthesizer.synthesize("Hello.", audio);
            audio.awaitEnd();
            assertTrue(audio.completed, String.valueOf(audio.error));
            assertEquals(16_000, audio.joined().length, "22.05 kHz as the header says, not the configured 24 kHz");
            assertEquals(7_000, ResamplerTest.amplitude(audio.joined(), 300, 16_000), 150);
        }
    }

    @Test
    void aConnectionBrokenMidStreamIsAnErrorAfterTheAudioSoFar() throws IOException {
        Heard heard = new Heard();
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(littleEndian(ResamplerTest.tone(440, 24_000, 4_800, 9_000)));
            out.flush();
            await(heard.first);
            throw new FakeSpeechServer.DropConnection();
        }); OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 5_000, 24_000)) {
            synthesizer.synthesize("Hello.", heard);
            heard.awaitEnd();

            assertFalse(heard.completed);
            assertTrue(heard.joined().length > 0);
            String message = heard.error.getMessage();
            assertTrue(message.startsWith("TTS server at " + server.baseUrl() + ": the answer to POST /audio/speech broke off after "),
                    message);
        }
    }

    @Test
    void anHttpErrorCarriesTheStatusAndTheServersMessage() throws IOException {
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> FakeSpeechServer.json(exchange, 400,
                "{\"detail\":{\"error\":\"validation_error\",\"message\":\"Voice 'af_heart' not found\",\"type\":\"invalid_request_error\"}}"));
             OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 5_000, 24_000)) {
            Collector.Audio audio = new Collector.Audio();
            synthesizer.synthesize("Hello.", audio);
            audio.awaitEnd();
            assertTrue(audio.chunks.isEmpty());
            assertEquals("TTS server at " + server.baseUrl() + " answered POST /audio/speech with HTTP 400: validation_error",
                    audio.error.getMessage());
        }
    }

    @Test
    void compressedAudioInsteadOfPcmIsAClearError() throws IOException {
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> {
            exchange.getResponseHeaders().set("Content-Type", "audio/mpeg");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(new byte[] {(byte) 0xff, (byte) 0xfb, 0x10, 0x00});
        }); OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 5_000, 24_000)) {
            Collector.Audio audio = new Collector.Audio();
            synthesizer.synthesize("Hello.", audio);
            audio.awaitEnd();
            assertTrue(audio.chunks.isEmpty());
            assertTrue(audio.error.getMessage().endsWith("with audio/mpeg instead of raw PCM; it does not support response_format pcm"),
                    audio.error.getMessage());
        }
    }

    @Test
    void aServerThatStallsMidStreamFailsAfterTheTimeout() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        Heard heard = new Heard();
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> {
            exchange.sendResponseHeaders(200, 0);
            OutputStream out = exchange.getResponseBody();
            out.write(littleEndian(ResamplerTest.tone(440, 24_000, 4_800, 9_000)));
            out.flush();
            await(release);
        }); OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 400, 24_000)) {
            long start = System.nanoTime();
            synthesizer.synthesize("Hello.", heard);
            heard.awaitEnd();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            release.countDown();

            assertTrue(heard.joined().length > 0);
            assertTrue(heard.error.getMessage().contains(" sent nothing for "), heard.error.getMessage());
            assertTrue(heard.error.getMessage().contains("in the middle of its answer to POST /audio/speech (timeout 400 ms)"),
                    heard.error.getMessage());
            assertTrue(tookMillis >= 400 && tookMillis < 10_000, "took " + tookMillis + " ms");
        }
    }

    @Test
    void aServerThatDoesNotAnswerFailsAfterTheTimeout() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> await(release));
             OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 400, 24_000)) {
            Collector.Audio audio = new Collector.Audio();
            long start = System.nanoTime();
            synthesizer.synthesize("Hello.", audio);
            audio.awaitEnd();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            release.countDown();

            assertTrue(audio.chunks.isEmpty());
            assertTrue(audio.error.getMessage().startsWith("TTS server at " + server.baseUrl()), audio.error.getMessage());
            assertTrue(audio.error.getMessage().contains("400 ms"), audio.error.getMessage());
            assertTrue(tookMillis >= 390 && tookMillis < 10_000, "took " + tookMillis + " ms");
        }
    }

    @Test
    void cancellingStopsReadingAndClosesTheConnectionAtOnce() throws Exception {
        // The server sends 100 ms of audio and then nothing: only the cancel can close the connection.
        byte[] audio = littleEndian(ResamplerTest.tone(440, 24_000, 2_400, 9_000));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(audio.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        head.writeBytes(audio);
        head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        Heard heard = new Heard();
        try (ConnectionWatch server = new ConnectionWatch(head.toByteArray());
             OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 30_000, 24_000)) {
            Cancellable synthesis = synthesizer.synthesize("A very long answer.", heard);
            assertTrue(heard.first.await(10, TimeUnit.SECONDS));
            assertFalse(server.awaitClosedByClient(100), "the connection stays open while the answer goes on");
            int chunksAtCancel = heard.chunks.size();
            long cancelled = System.nanoTime();
            synthesis.cancel();

            assertTrue(server.awaitClosedByClient(5_000), "the server saw the connection closed");
            System.out.println("the server saw the connection closed "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cancelled) + " ms after the cancel");
            pause(200);
            assertFalse(heard.ended(), "no completion and no error after a cancel");
            assertEquals(chunksAtCancel, heard.chunks.size(), "no audio after a cancel");
        }
    }

    @Test
    void closingTheSynthesiserCancelsWhatIsUnderWay() throws Exception {
        byte[] audio = littleEndian(ResamplerTest.tone(440, 24_000, 2_400, 9_000));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.writeBytes(("HTTP/1.1 200 OK\r\nContent-Type: audio/pcm\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(audio.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        head.writeBytes(audio);
        head.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        Heard heard = new Heard();
        try (ConnectionWatch server = new ConnectionWatch(head.toByteArray())) {
            OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 30_000, 24_000);
            synthesizer.synthesize("A very long answer.", heard);
            assertTrue(heard.first.await(10, TimeUnit.SECONDS));
            synthesizer.close();

            assertTrue(server.awaitClosedByClient(5_000), "the server saw the connection closed");
            pause(200);
            assertFalse(heard.ended(), "no completion and no error after the close");
        }
    }

    @Test
    void emptyTextIsRefusedWithoutARequest() throws IOException {
        AtomicInteger requests = new AtomicInteger();
        try (FakeSpeechServer server = new FakeSpeechServer(PATH, (exchange, body) -> {
            requests.incrementAndGet();
            FakeSpeechServer.json(exchange, 500, "{}");
        }); OpenAiSpeechSynthesizer synthesizer = synthesizer(server.baseUrl(), 5_000, 24_000)) {
            AtomicReference<String> thread = new AtomicReference<>();
            Collector.Audio audio = new Collector.Audio() {
                @Override
                public void onError(SpeechException error) {
                    thread.set(Thread.currentThread().getName());
                    super.onError(error);
                }
            };
            synthesizer.synthesize("  ", audio);
            audio.awaitEnd();
            assertEquals("nothing to synthesise: the text is empty", audio.error.getMessage());
            assertTrue(thread.get().startsWith("test-tts-"), "called back on " + thread.get() + ", not the caller's thread");
            assertEquals(0, requests.get());
        }
    }
}
