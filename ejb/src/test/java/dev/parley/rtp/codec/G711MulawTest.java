package dev.parley.rtp.codec;

import dev.parley.rtp.Signals;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class G711MulawTest {

    @Test
    void matchesTheReferenceCodeTable() {
        // Values of the ITU-T G.711 / Sun g711.c reference (bias 0x84, clip 32635).
        assertEquals((byte) 0xFF, G711Mulaw.encode((short) 0));
        assertEquals((byte) 0x7F, G711Mulaw.encode((short) -1));
        assertEquals((byte) 0x80, G711Mulaw.encode(Short.MAX_VALUE));
        assertEquals((byte) 0x00, G711Mulaw.encode(Short.MIN_VALUE));
        assertEquals((byte) 0xF2, G711Mulaw.encode((short) 100));
        assertEquals((byte) 0xA0, G711Mulaw.encode((short) 8000));
        assertEquals(-32124, G711Mulaw.decode((byte) 0x00));
        assertEquals(32124, G711Mulaw.decode((byte) 0x80));
        assertEquals(0, G711Mulaw.decode((byte) 0xFF));
        assertEquals(0, G711Mulaw.decode((byte) 0x7F));
        assertEquals(8, G711Mulaw.decode((byte) 0xFE));
        assertEquals(-8, G711Mulaw.decode((byte) 0x7E));
        assertEquals(7932, G711Mulaw.decode((byte) 0xA0));
        assertEquals(8316, G711Mulaw.decode((byte) 0x9F));
        assertEquals(104, G711Mulaw.decode((byte) 0xF2));
    }

    @Test
    void everyCodeDecodesToAValueThatEncodesBackToIt() {
        for (int code = 0; code < 256; code++) {
            if (code == 0x7F) {
                continue; // negative zero encodes as positive zero 0xFF
            }
            assertEquals((byte) code, G711Mulaw.encode(G711Mulaw.decode((byte) code)), "code 0x" + Integer.toHexString(code));
        }
    }

    @Test
    void aToneKeepsAboutThirtyFiveDecibelsSignalToNoise() {
        short[] tone = Signals.tone(1000, 8000, 8000, 10000);
        short[] decoded = G711Mulaw.decode(G711Mulaw.encode(tone));
        double noise = 0;
        for (int i = 0; i < tone.length; i++) {
            noise += Math.pow(tone[i] - decoded[i], 2);
        }
        double snr = Signals.decibels(Signals.rms(tone) / Math.sqrt(noise / tone.length));
        assertTrue(snr > 33 && snr < 45, "G.711 gives about 38 dB SNR, got " + snr);
    }
}
