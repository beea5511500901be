package dev.parley.kms.recording;

import dev.parley.kms.testing.Tones;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads recordings back the way a player would: GStreamer's own WebM demuxer and Opus decoder
 * (gst-launch-1.0), to 16 kHz mono PCM, plus a per-window frequency analysis.
 */
public final class WebmAudio {
    public static final int RATE = 16_000;
    private static final byte[] EBML_MAGIC = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};

    private WebmAudio() {
    }

    /** True when the file starts with an EBML header whose DocType is "webm". */
    public static boolean isWebm(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64);
        }
        if (head.length < 8) {
            return false;
        }
        for (int i = 0; i < EBML_MAGIC.length; i++) {
            if (head[i] != EBML_MAGIC[i]) {
                return false;
            }
        }
        return new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).contains("webm");
    }

    /** Decodes the file's audio track (matroskademux ! opusdec) to mono samples in [-1, 1] at {@link #RATE}. */
    public static double[] decode(Path file) throws IOException, InterruptedException {
        Path raw = Files.createTempFile("parley-decoded-", ".raw");
        try {
            Process gst = new ProcessBuilder("gst-launch-1.0", "-q", "filesrc", "location=" + file, "!", "matroskademux",
                    "!", "opusdec", "!", "audioconvert", "!", "audioresample", "!",
                    "audio/x-raw,format=S16LE,channels=1,rate=" + RATE, "!", "filesink", "location=" + raw)
                    .redirectErrorStream(true).start();
            byte[] output = gst.getInputStream().readAllBytes();
            if (!gst.waitFor(60, TimeUnit.SECONDS)) {
                gst.destroyForcibly();
                throw new IOException("decoding " + file + " did not finish");
            }
            if (gst.exitValue() != 0) {
                throw new IOException("decoding " + file + " failed: " + new String(output));
            }
            return Tones.firstChannel(Files.readAllBytes(raw), 1);
        } finally {
            Files.deleteIfExists(raw);
        }
    }

    /** One analysis window: its start (seconds into the file), loudness, and energy at two frequencies. */
    public record Window(double startSeconds, double rms, double powerA, double powerB) {
        /** Which of the two tones dominates this window clearly (more than {@code ratio} times the other), or 0. */
        public int dominant(double hzA, double hzB, double minRms, double ratio) {
            if (rms < minRms) {
                return 0;
            }
            if (powerA > ratio * powerB) {
                return (int) hzA;
            }
            if (powerB > ratio * powerA) {
                return (int) hzB;
            }
            return -1; // both
        }
    }

    /** Splits {@code samples} into windows of {@code millis} and measures each at {@code hzA} and {@code hzB}. */
    public static List<Window> windows(double[] samples, int millis, double hzA, double hzB) {
        int size = RATE * millis / 1000;
        List<Window> out = new ArrayList<>();
        for (int start = 0; start + size <= samples.length; start += size) {
            double[] w = java.util.Arrays.copyOfRange(samples, start, start + size);
            out.add(new Window(start / (double) RATE, Tones.rms(w), Tones.goertzelPower(w, RATE, hzA),
                    Tones.goertzelPower(w, RATE, hzB)));
        }
        return out;
    }

    /** Seconds of audio in {@code samples}. */
    public static double seconds(double[] samples) {
        return samples.length / (double) RATE;
    }
}
