package dev.parley.session;

import dev.parley.conversation.ConversationProviders;
import dev.parley.conversation.ConversationSettings;
import dev.parley.media.MediaServers;
import dev.parley.speech.ProviderThreads;
import dev.parley.speech.llm.retrieval.RetrievalLanguageModel;
import dev.parley.speech.llm.retrieval.RetrievalSettings;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxRecognizer;
import dev.parley.speech.stt.pocketsphinx.PocketSphinxSettings;
import dev.parley.speech.tts.flite.FliteSettings;
import dev.parley.speech.tts.flite.FliteSynthesizer;
import dev.parley.speech.vad.silero.SileroSettings;
import dev.parley.speech.vad.silero.SileroVoiceActivityDetector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the container gives sessions, as plain objects: the embedded speech providers (Silero VAD,
 * pocketsphinx, the retrieval model over the built-in knowledge, flite) and named thread pools.
 * Closing releases them all.
 */
final class SessionTestKit implements AutoCloseable {

    final SileroVoiceActivityDetector vad = new SileroVoiceActivityDetector(SileroSettings.defaults());
    final PocketSphinxRecognizer recognizer = new PocketSphinxRecognizer(PocketSphinxSettings.defaults(), ProviderThreads.named("test-stt"));
    final RetrievalLanguageModel model = new RetrievalLanguageModel(RetrievalSettings.defaults());
    final FliteSynthesizer synthesizer = new FliteSynthesizer(FliteSettings.defaults());
    final ExecutorService lanes = Executors.newCachedThreadPool(ProviderThreads.named("test-session-lane"));
    final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, ProviderThreads.named("test-session-timer"));

    VoiceSessionContext context(MediaServers connection) {
        return new VoiceSessionContext(connection, ConversationSettings.defaults(),
                new ConversationProviders(vad, recognizer, model, synthesizer), lanes, timers, ProviderThreads.named("test-bridge"));
    }

    /** Threads whose name says they belong to an RTP bridge ({@code parley-rtp-in/out-<port>}). */
    static long bridgeThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("parley-rtp-")).count();
    }

    /**
     * A WAV for Chromium's fake microphone: flite speaking {@code text}, 48 kHz mono, with
     * {@code leadSeconds} of silence before it and {@code tailSeconds} after (the browser loops the file).
     */
    static Path spokenWav(String text, double leadSeconds, double tailSeconds) throws IOException, InterruptedException {
        Path raw = Files.createTempFile("parley-say-", ".wav");
        Path wav = Files.createTempFile("parley-mic-", ".wav");
        try {
            run("flite", "-t", text, "-o", raw.toString());
            run("sox", raw.toString(), "-r", "48000", "-c", "1", "-b", "16", wav.toString(), "pad", String.valueOf(leadSeconds),
                    String.valueOf(tailSeconds));
            return wav;
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /** {@code seconds} of silence, 48 kHz mono, for a microphone that says nothing. */
    static Path silentWav(int seconds) throws IOException, InterruptedException {
        Path wav = Files.createTempFile("parley-silence-", ".wav");
        run("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", wav.toString(), "trim", "0", String.valueOf(seconds));
        return wav;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + new String(out));
        }
    }

    @Override
    public void close() {
        lanes.shutdownNow();
        timers.shutdownNow();
        boolean interrupted = false;
        for (ExecutorService pool : List.of(lanes, timers)) {
            try {
                pool.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // The interrupt is restored only once the providers are closed: their close() waits for the
        // threads still using native memory before freeing it, and a pending interrupt would cut that short.
        try {
            synthesizer.close();
            model.close();
            recognizer.close();
            vad.close();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
