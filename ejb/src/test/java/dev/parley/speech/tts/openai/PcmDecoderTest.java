package dev.parley.speech.tts.openai;

import dev.parley.speech.SpeechException;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bytes as the network cuts them into samples: raw PCM, or a WAV stream's header skipped. */
class PcmDecoderTest {
    private static final short[] SAMPLES = {0, 1, -1, 255, -256, Short.MAX_VALUE, Short.MIN_VALUE, 0x1234, -0x0101};

    private static byte[] littleEndian(short[] pcm) {
        ByteBuffer bytes = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : pcm) {
            bytes.putShort(sample);
        }
        return bytes.array();
    }

    private static byte[] wavHeader(int format, int channels, int rate, int bits) {
        ByteBuffer wav = ByteBuffer.allocate(44 + 12).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes()).putInt(-1).put("WAVE".getBytes())
                .put("LIST".getBytes()).putInt(4).put("INFO".getBytes()) // a chunk to skip before fmt
                .put("fmt ".getBytes()).putInt(16).putShort((short) format).putShort((short) channels).putInt(rate)
                .putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8)).putShort((short) bits)
                .put("data".getBytes()).putInt(-1);
        return wav.array();
    }

    /** Feeds {@code bytes} one byte at a time, the worst cut there is. */
    private static short[] byteByByte(PcmDecoder decoder, byte[] bytes) {
        short[] all = new short[0];
        for (byte b : bytes) {
            all = ResamplerTest.concat(all, decoder.decode(ByteBuffer.wrap(new byte[] {b})));
        }
        return all;
    }

    @Test
    void rawPcmCutAnywhereGivesTheSameSamples() {
        PcmDecoder decoder = new PcmDecoder("test");
        assertArrayEquals(SAMPLES, byteByByte(decoder, littleEndian(SAMPLES)));
        assertEquals(OptionalInt.empty(), decoder.wavSampleRate());
    }

    @Test
    void aWavHeaderIsSkippedAndItsRateRead() {
        byte[] header = wavHeader(1, 1, 22_050, 16);
        byte[] stream = new byte[header.length + SAMPLES.length * 2];
        System.arraycopy(header, 0, stream, 0, header.length);
        System.arraycopy(littleEndian(SAMPLES), 0, stream, header.length, SAMPLES.length * 2);
        PcmDecoder decoder = new PcmDecoder("test");
        assertArrayEquals(SAMPLES, byteByByte(decoder, stream));
        assertEquals(OptionalInt.of(22_050), decoder.wavSampleRate());
    }

    @Test
    void aWavStreamThatIsNot16BitMonoPcmIsRefused() {
        SpeechException stereo = assertThrows(SpeechException.class,
                () -> new PcmDecoder("TTS server at x").decode(ByteBuffer.wrap(wavHeader(1, 2, 24_000, 16))));
        assertTrue(stereo.getMessage().startsWith("TTS server at x sent WAV audio in format 1 with 2 channel(s) of 16 bits"),
                stereo.getMessage());
        assertThrows(SpeechException.class, () -> new PcmDecoder("x").decode(ByteBuffer.wrap(wavHeader(3, 1, 24_000, 32))));
    }

    @Test
    void aSampleCutInTwoWaitsForItsSecondByte() {
        PcmDecoder decoder = new PcmDecoder("test");
        assertArrayEquals(new short[] {0x0201, 0x0403}, decoder.decode(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5})));
        assertArrayEquals(new short[] {0x0605}, decoder.decode(ByteBuffer.wrap(new byte[] {6})));
    }
}
