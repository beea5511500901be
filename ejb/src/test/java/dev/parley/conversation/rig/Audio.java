package dev.parley.conversation.rig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** Test audio, 16 kHz mono 16-bit: generated, read from pocketsphinx-testdata, or spoken by flite. */
public final class Audio {

    public static final int RATE = 16_000;
    public static final Path TESTDATA = Path.of("/usr/share/pocketsphinx/test/data");

    private Audio() {
    }

    public static short[] silence(long millis) {
        return new short[(int) (millis * RATE / 1000)];
    }

    /** A voiced-looking tone: loud enough for an energy VAD, not speech to a real one. */
    public static short[] tone(long millis) {
        short[] pcm = silence(millis);
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (6000 * Math.sin(2 * Math.PI * 180 * i / RATE));
        }
        return pcm;
    }

    /**
     * A cough-like burst: noise shaped by a fast attack and a decay, repeated {@code bursts} times,
     * with a fixed seed so every run hears the same cough.
     */
    public static short[] cough(int bursts, long burstMillis, long seed) {
        Random random = new Random(seed);
        int n = (int) (burstMillis * RATE / 1000);
        short[] pcm = new short[n * bursts];
        double lowpass = 0;
        for (int b = 0; b < bursts; b++) {
            for (int i = 0; i < n; i++) {
                double t = (double) i / n;
                double envelope = Math.min(1, t * 20) * Math.exp(-4 * t);
                lowpass = 0.6 * lowpass + 0.4 * random.nextGaussian();
                pcm[b * n + i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, 9000 * envelope * lowpass));
            }
        }
        return pcm;
    }

    public static short[] concat(short[]... parts) {
        int total = 0;
        for (short[] p : parts) {
            total += p.length;
        }
        short[] out = new short[total];
        int at = 0;
        for (short[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    public static long millis(short[] pcm) {
        return pcm.length * 1000L / RATE;
    }

    /** A 16 kHz mono 16-bit WAV file's samples (the data chunk, wherever it is). */
    public static short[] wav(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            if (bytes.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
                throw new IllegalArgumentException(file + " is not a RIFF/WAVE file");
            }
            int at = 12;
            int rate = -1;
            while (at + 8 <= bytes.length) {
                int id = b.getInt(at);
                int size = b.getInt(at + 4);
                if (id == 0x20746d66) { // "fmt "
                    int channels = b.getShort(at + 10);
                    rate = b.getInt(at + 12);
                    int bits = b.getShort(at + 22);
                    if (channels != 1 || rate != RATE || bits != 16) {
                        throw new IllegalArgumentException(file + ": need 16 kHz mono 16-bit, got " + rate + " Hz, " + channels + " ch, " + bits + " bit");
                    }
                } else if (id == 0x61746164) { // "data"
                    if (rate < 0) {
                        throw new IllegalArgumentException(file + ": data chunk before fmt chunk");
                    }
                    return raw(bytes, at + 8, Math.min(size, bytes.length - at - 8));
                }
                at += 8 + size + (size & 1);
            }
            throw new IllegalArgumentException(file + " has no data chunk");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** Headerless little-endian 16 kHz mono 16-bit samples (goforward.raw). */
    public static short[] raw(Path file) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            return raw(bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    private static short[] raw(byte[] bytes, int offset, int length) {
        short[] pcm = new short[length / 2];
        ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        return pcm;
    }

    /** {@code text} spoken by the flite command line (voice slt, 16 kHz), generated at test time. */
    public static short[] flite(String text) {
        Path wav = null;
        try {
            wav = Files.createTempFile("parley-flite", ".wav");
            Process p = new ProcessBuilder("flite", "-voice", "slt", "-t", text, "-o", wav.toString())
                    .redirectErrorStream(true).start();
            try (InputStream out = p.getInputStream()) {
                out.readAllBytes();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("flite did not finish for: " + text);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("flite failed (" + p.exitValue() + ") for: " + text);
            }
            return wav(wav);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run flite (apt package flite)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running flite", e);
        } finally {
            if (wav != null) {
                try {
                    Files.deleteIfExists(wav);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless and the OS cleans /tmp
                }
            }
        }
    }
}
