package dev.parley.kms.mixing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** A test microphone made at test time: a 16-bit mono 48 kHz WAV that is silent except for one tone burst. */
public final class ToneBurstWav {
    private static final int RATE = 48_000;
    private static final double FADE_SECONDS = 0.01;

    private ToneBurstWav() {
    }

    /** {@code lengthSeconds} of audio with a {@code hz} sine from {@code fromSeconds} to {@code toSeconds}. */
    public static Path write(double hz, double fromSeconds, double toSeconds, double lengthSeconds) throws IOException {
        int frames = (int) (RATE * lengthSeconds);
        ByteBuffer wav = ByteBuffer.allocate(44 + frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(36 + frames * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(RATE).putInt(RATE * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(frames * 2);
        for (int i = 0; i < frames; i++) {
            double t = i / (double) RATE;
            double envelope = Math.max(0, Math.min(1, Math.min(t - fromSeconds, toSeconds - t) / FADE_SECONDS));
            wav.putShort((short) Math.round(0.5 * 32767 * envelope * Math.sin(2 * Math.PI * hz * t)));
        }
        Path file = Files.createTempFile("parley-burst-" + (int) hz + "-", ".wav");
        Files.write(file, wav.array());
        return file;
    }
}
