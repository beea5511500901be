package dev.parley.speech.audio;

import dev.parley.speech.SpeechException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads RIFF/WAVE files of Parley's internal format, 16 kHz mono signed 16-bit PCM, and refuses
 * anything else with the reason; headerless {@code .raw} files are taken as that format.
 */
public final class WavReader {
    public static final int SAMPLE_RATE_HZ = 16000;

    private WavReader() {
    }

    public static short[] read16kMono(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new SpeechException("cannot read audio file " + file + ": " + e.getMessage(), e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (file.getFileName().toString().endsWith(".raw")) {
            return samples(buffer, bytes.length);
        }
        if (bytes.length < 12 || buffer.getInt(0) != 0x46464952 || buffer.getInt(8) != 0x45564157) {
            throw new SpeechException(file + " is not a RIFF/WAVE file");
        }
        int position = 12;
        boolean formatSeen = false;
        while (position + 8 <= bytes.length) {
            int id = buffer.getInt(position);
            int size = buffer.getInt(position + 4);
            int body = position + 8;
            if (id == 0x20746d66) { // "fmt "
                int format = buffer.getShort(body) & 0xffff;
                int channels = buffer.getShort(body + 2);
                int rate = buffer.getInt(body + 4);
                int bits = buffer.getShort(body + 14);
                if (format != 1 || bits != 16) {
                    throw new SpeechException(file + " is not 16-bit PCM (format " + format + ", " + bits + " bits)");
                }
                if (rate != SAMPLE_RATE_HZ) {
                    throw new SpeechException(file + " has sample rate " + rate + " Hz; Parley needs " + SAMPLE_RATE_HZ + " Hz");
                }
                if (channels != 1) {
                    throw new SpeechException(file + " has " + channels + " channels; Parley needs mono");
                }
                formatSeen = true;
            } else if (id == 0x61746164) { // "data"
                if (!formatSeen) {
                    throw new SpeechException(file + " has its data before its format");
                }
                int length = Math.min(size, bytes.length - body);
                return samples(buffer.position(body).slice().order(ByteOrder.LITTLE_ENDIAN), length);
            }
            position = body + size + (size & 1);
        }
        throw new SpeechException(file + " has no audio data chunk");
    }

    private static short[] samples(ByteBuffer buffer, int byteLength) {
        short[] samples = new short[byteLength / 2];
        buffer.asShortBuffer().get(samples);
        return samples;
    }
}
