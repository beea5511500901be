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

    /** A faint hiss (RMS about 300): to the scripted VAD it is sound, but not speech. */
    public static short[] hiss(long millis) {
        Random random = new Random(millis);
        short[] pcm = silence(millis);
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (300 * random.nextGaussian());
        }
        return pcm;
    }

    /**
     * A throat-clearing grunt ("uh-uh-uh"): three short voiced bursts with breath noise, 60 ms apart.
     * Silero hears it as speech for most of its 960 ms; a recogniser finds no words in it, at
     * most function words it guesses ("a a").
     */
    public static short[] grunt(long seed) {
        Random random = new Random(seed);
        short[] out = new short[0];
        double[] pitches = {250, 237.5, 225};
        for (int b = 0; b < pitches.length; b++) {
            short[] burst = silence(280);
            double phase = 0;
            double breath = 0;
            for (int i = 0; i < burst.length; i++) {
                double t = (double) i / burst.length;
                double envelope = Math.min(1, t * 10) * Math.min(1, (1 - t) * 6);
                phase += 2 * Math.PI * pitches[b] * (1 - 0.2 * t) / RATE;
                double voice = 0;
                for (int h = 1; h <= 20; h++) {
                    voice += Math.sin(h * phase) / h * Math.exp(-h * 0.15);
                }
                breath = 0.7 * breath + 0.3 * random.nextGaussian();
                burst[i] = (short) (6000 * envelope * (voice + 0.3 * breath));
            }
            out = b == 0 ? burst : concat(out, silence(60), burst);
        }
        return out;
    }

    /** {@code pcm} without its leading and trailing near-silence (10 ms blocks below {@code rms}). */
    public static short[] trim(short[] pcm, double rms) {
        int block = RATE / 100;
        int first = 0;
        while (first + block <= pcm.length && rms(pcm, first, block) < rms) {
            first += block;
        }
        int last = pcm.length;
        while (last - block > first && rms(pcm, last - block, block) < rms) {
            last -= block;
        }
        return java.util.Arrays.copyOfRange(pcm, first, last);
    }

    private static double rms(short[] pcm, int from, int n) {
        double sum = 0;
        for (int i = from; i < from + n; i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return Math.sqrt(sum / n);
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
