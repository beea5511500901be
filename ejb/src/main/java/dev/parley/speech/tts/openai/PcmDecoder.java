package dev.parley.speech.tts.openai;

import dev.parley.speech.SpeechException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

/**
 * Turns the bytes of a streamed answer into 16-bit samples, however the network cut them (a
 * sample's two bytes may arrive in two pieces). Raw little-endian PCM is what is asked for; a
 * server that sends a WAV stream instead (some Piper servers do) has its header read and skipped,
 * and its own sample rate wins. Not thread-safe: one per stream.
 */
final class PcmDecoder {
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final String source;
    private final ByteArrayOutputStream header = new ByteArrayOutputStream();
    private boolean inData;
    private boolean hasCarry;
    private byte carry;
    private OptionalInt wavSampleRate = OptionalInt.empty();

    PcmDecoder(String source) {
        this.source = source;
    }

    /** The sample rate a WAV header named, once it has been read. */
    OptionalInt wavSampleRate() {
        return wavSampleRate;
    }

    /** The samples these bytes complete. */
    short[] decode(ByteBuffer bytes) {
        if (!inData) {
            byte[] copy = new byte[bytes.remaining()];
            bytes.get(copy);
            header.writeBytes(copy);
            byte[] seen = header.toByteArray();
            int dataStart = dataStart(seen);
            if (dataStart < 0) {
                return new short[0];
            }
            inData = true;
            bytes = ByteBuffer.wrap(seen, dataStart, seen.length - dataStart);
        }
        int available = bytes.remaining() + (hasCarry ? 1 : 0);
        short[] samples = new short[available / 2];
        int n = 0;
        if (hasCarry && bytes.hasRemaining()) {
            samples[n++] = (short) ((carry & 0xff) | (bytes.get() << 8));
            hasCarry = false;
        }
        ByteBuffer little = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        while (little.remaining() >= 2) {
            samples[n++] = little.getShort();
        }
        if (little.hasRemaining()) {
            carry = little.get();
            hasCarry = true;
        }
        return samples;
    }

    /** Where the samples start in what has arrived so far, or -1 while that is not known yet. */
    private int dataStart(byte[] seen) {
        if (seen.length < 4) {
            return -1;
        }
        if (!(seen[0] == 'R' && seen[1] == 'I' && seen[2] == 'F' && seen[3] == 'F')) {
            return 0; // raw PCM, as asked for
        }
        ByteBuffer wav = ByteBuffer.wrap(seen).order(ByteOrder.LITTLE_ENDIAN);
        int at = 12;
        while (at + 8 <= seen.length) {
            String id = new String(seen, at, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = wav.getInt(at + 4);
            if (id.equals("data")) {
                if (wavSampleRate.isEmpty()) {
                    throw new SpeechException(source + " sent a WAV stream without a fmt chunk before its data");
                }
                return at + 8;
            }
            if (size < 0 || at + 8 + size > seen.length) {
                break;
            }
            if (id.equals("fmt ")) {
                readFormat(wav, at + 8, size);
            }
            at += 8 + size + (size & 1);
        }
        if (seen.length > MAX_HEADER_BYTES) {
            throw new SpeechException(source + " sent a WAV stream whose header is longer than " + MAX_HEADER_BYTES + " bytes");
        }
        return -1;
    }

    private void readFormat(ByteBuffer wav, int at, int size) {
        int format = size >= 16 ? Short.toUnsignedInt(wav.getShort(at)) : -1;
        int channels = size >= 16 ? wav.getShort(at + 2) : -1;
        int bits = size >= 16 ? wav.getShort(at + 14) : -1;
        if (format != 1 || channels != 1 || bits != 16) {
            throw new SpeechException(source + " sent WAV audio in format " + format + " with " + channels + " channel(s) of "
                    + bits + " bits; only 16-bit mono PCM is read (ask for response_format pcm)");
        }
        wavSampleRate = OptionalInt.of(wav.getInt(at + 4));
    }
}
