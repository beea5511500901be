package dev.parley.kms.playing;

import dev.parley.kms.testing.Tones;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Media files made at test time: a WAV of tone segments written by Java, and the same audio
 * encoded by GStreamer's own encoders and muxers into the other formats a player must read.
 */
final class TestMedia {
    static final int RATE = 48_000;

    /** One stretch of a sine at {@code hz} (0 = silence). */
    record Segment(double hz, double seconds) {
    }

    /** Containers and codecs GStreamer's decodebin reads, with the encoder chain that makes each from a WAV. */
    enum Format {
        WAV("wav", null),
        OGG_OPUS("ogg", "opusenc ! oggmux"),
        WEBM_OPUS("webm", "opusenc ! webmmux"),
        MP3("mp3", "lamemp3enc ! xingmux");

        final String extension;
        final String encoder;

        Format(String extension, String encoder) {
            this.extension = extension;
            this.encoder = encoder;
        }
    }

    private TestMedia() {
    }

    /** A 16-bit mono 48 kHz WAV of {@code segments}, written as {@code file}. */
    static Path wav(Path file, Segment... segments) throws IOException {
        int frames = 0;
        for (Segment s : segments) {
            frames += (int) Math.round(RATE * s.seconds());
        }
        ByteBuffer wav = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + frames * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(frames * 2);
        long n = 0;
        for (Segment s : segments) {
            int count = (int) Math.round(RATE * s.seconds());
            for (int i = 0; i < count; i++, n++) {
                wav.putShort((short) Math.round(0.5 * 32767 * Math.sin(2 * Math.PI * s.hz() * n / RATE)));
            }
        }
        Files.createDirectories(file.getParent());
        return Files.write(file, wav.array());
    }

    /** {@code segments} as {@code format}, next to nothing else: {@code dir/name.ext}. */
    static Path file(Path dir, String name, Format format, Segment... segments) throws IOException, InterruptedException {
        Path wav = wav(dir.resolve(name + ".wav"), segments);
        if (format == Format.WAV) {
            return wav;
        }
        Path out = dir.resolve(name + "." + format.extension);
        List<String> command = new ArrayList<>(List.of("gst-launch-1.0", "-q", "filesrc", "location=" + wav, "!", "wavparse",
                "!", "audioconvert", "!", "audioresample", "!"));
        for (String part : format.encoder.split(" ")) {
            command.add(part);
        }
        command.addAll(List.of("!", "filesink", "location=" + out));
        Process gst = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = gst.getInputStream().readAllBytes();
        if (!gst.waitFor(60, TimeUnit.SECONDS) || gst.exitValue() != 0) {
            gst.destroyForcibly();
            throw new IOException("encoding " + out + " failed: " + new String(output));
        }
        Files.delete(wav);
        return out;
    }

    /** Windows of {@code millis} at {@code rate} whose loudness is above {@code minRms}. */
    static int loudWindows(double[] samples, int rate, int millis, double minRms) {
        int size = rate * millis / 1000;
        int loud = 0;
        for (int start = 0; start + size <= samples.length; start += size) {
            if (Tones.rms(java.util.Arrays.copyOfRange(samples, start, start + size)) > minRms) {
                loud++;
            }
        }
        return loud;
    }
}
