package dev.parley.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The fake microphone of the admin test's browser, made at test time: silence, one question spoken
 * by flite, then a long silence (so the looping fake capture never asks again during the test),
 * as 48 kHz mono 16-bit WAV. Nothing binary is committed.
 */
final class Microphone {

    private Microphone() {
    }

    static Path asking(String question, double silenceBefore, double silenceAfter, Path dir) throws IOException, InterruptedException {
        Path spoken = dir.resolve("question-flite.wav");
        run("flite", "-voice", "slt", "-t", question, "-o", spoken.toString());
        Path wav = dir.resolve("microphone.wav");
        // pad adds silence before and after; rate/channels/bits as Chromium's fake capture reads best
        run("sox", spoken.toString(), "-r", "48000", "-c", "1", "-b", "16", wav.toString(),
                "pad", String.valueOf(silenceBefore), String.valueOf(silenceAfter));
        return wav;
    }

    /** Only silence: a call that says nothing. */
    static Path silent(double seconds, Path dir) throws IOException, InterruptedException {
        Path wav = dir.resolve("silence.wav");
        run("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", wav.toString(), "trim", "0", String.valueOf(seconds));
        return wav;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    static void deleteAll(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
