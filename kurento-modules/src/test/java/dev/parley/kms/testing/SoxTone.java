package dev.parley.kms.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Test fixtures made at test time with sox: a WAV of a sine tone. */
public final class SoxTone {
    private SoxTone() {
    }

    /** A 16-bit mono 48 kHz WAV of a {@code hz} sine lasting {@code seconds}, in a temp file. */
    public static Path wav(int hz, int seconds) throws IOException, InterruptedException {
        Path file = Files.createTempFile("parley-tone-" + hz + "-", ".wav");
        Process sox = new ProcessBuilder("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", file.toString(),
                "synth", String.valueOf(seconds), "sine", String.valueOf(hz), "vol", "0.5")
                .redirectErrorStream(true).start();
        byte[] output = sox.getInputStream().readAllBytes();
        if (!sox.waitFor(30, TimeUnit.SECONDS) || sox.exitValue() != 0) {
            sox.destroyForcibly();
            throw new IOException("sox failed: " + new String(output));
        }
        return file;
    }
}
