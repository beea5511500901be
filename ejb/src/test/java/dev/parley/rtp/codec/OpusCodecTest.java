package dev.parley.rtp.codec;

import dev.parley.rtp.Signals;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpusCodecTest {
    /** The bridge codes the agent's audio at the engine's rate and decodes the caller's at 48 kHz; the RTP clock is 48 kHz. */
    private static final int IN_RATE = 16_000;
    private static final int IN_FRAME = IN_RATE / 50;
    private static final int OUT_RATE = 48_000;
    private static final int OUT_FRAME = OUT_RATE / 50;

    @Test
    void aToneSurvivesEncodingAndDecoding() {
        OpusAudioEncoder encoder = new OpusAudioEncoder(32_000, 5);
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        assertEquals(IN_RATE, encoder.sampleRate());
        assertEquals(OUT_RATE, decoder.sampleRate());
        short[] decoded = new short[25 * OUT_FRAME];
        for (int f = 0; f < 25; f++) {
            byte[] payload = encoder.encode(Signals.tone(440, IN_RATE, (long) f * IN_FRAME, IN_FRAME, 8000));
            assertTrue(payload.length > 0 && payload.length < 400, "a 32 kbit/s packet is about 80 bytes, got " + payload.length);
            short[] pcm = decoder.decode(payload);
            assertEquals(OUT_FRAME, pcm.length);
            System.arraycopy(pcm, 0, decoded, f * OUT_FRAME, OUT_FRAME);
        }
        assertEquals(440, Signals.dominantFrequency(decoded, 5 * OUT_FRAME, 25 * OUT_FRAME, OUT_RATE), 5);
        assertEquals(8000, Signals.amplitudeAt(decoded, 5 * OUT_FRAME, 25 * OUT_FRAME, 440, OUT_RATE), 1600);
    }

    /** The agent's 16 kHz audio reaches up to 8 kHz: coded wideband (no CELT layer for an empty upper band), 7 kHz kept. */
    @Test
    void theAgentsAudioIsCodedWidebandWithItsUpperEndKept() {
        OpusAudioEncoder encoder = new OpusAudioEncoder(32_000, 5);
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        short[] decoded = new short[25 * OUT_FRAME];
        for (int f = 0; f < 25; f++) {
            byte[] payload = encoder.encode(Signals.tone(7000, IN_RATE, (long) f * IN_FRAME, IN_FRAME, 8000));
            // RFC 6716 TOC: configurations 8-11 are SILK-only wideband
            int config = (payload[0] & 0xff) >> 3;
            assertTrue(config >= 8 && config <= 11, "SILK wideband, got TOC configuration " + config);
            System.arraycopy(decoder.decode(payload), 0, decoded, f * OUT_FRAME, OUT_FRAME);
        }
        assertEquals(7000, Signals.dominantFrequency(decoded, 5 * OUT_FRAME, 25 * OUT_FRAME, OUT_RATE), 20);
    }

    /**
     * What a browser sends at 32 kbit/s: a VoIP encoder from 48 kHz codes voice in hybrid mode (SILK
     * plus CELT). Concentus decodes such packets to silence at 16 kHz, so the bridge decodes at 48 kHz.
     */
    @Test
    void aBrowsersHybridVoiceStreamIsHeard() throws Exception {
        io.github.jaredmdobson.concentus.OpusEncoder browser = new io.github.jaredmdobson.concentus.OpusEncoder(OUT_RATE, 1,
                io.github.jaredmdobson.concentus.OpusApplication.OPUS_APPLICATION_VOIP);
        browser.setBitrate(32_000);
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        short[] decoded = new short[25 * OUT_FRAME];
        byte[] packet = new byte[1275];
        int hybrid = 0;
        for (int f = 0; f < 25; f++) {
            short[] voice = Signals.tone(300, OUT_RATE, (long) f * OUT_FRAME, OUT_FRAME, 8000);
            short[] overtone = Signals.tone(9000, OUT_RATE, (long) f * OUT_FRAME, OUT_FRAME, 2000);
            for (int i = 0; i < voice.length; i++) {
                voice[i] += overtone[i];
            }
            int bytes = browser.encode(voice, 0, OUT_FRAME, packet, 0, packet.length);
            int config = (packet[0] & 0xff) >> 3;
            if (config >= 12 && config <= 15) {
                hybrid++;
            }
            System.arraycopy(decoder.decode(java.util.Arrays.copyOf(packet, bytes)), 0, decoded, f * OUT_FRAME, OUT_FRAME);
        }
        assertTrue(hybrid >= 20, "the stream is hybrid (TOC 12-15) in " + hybrid + " of 25 packets");
        assertEquals(8000, Signals.amplitudeAt(decoded, 5 * OUT_FRAME, 25 * OUT_FRAME, 300, OUT_RATE), 2400);
    }

    @Test
    void aStereoStreamIsDecodedToMono() throws Exception {
        // Kurento advertises opus/48000/2 and may well send two channels; the bridge's decoder downmixes.
        io.github.jaredmdobson.concentus.OpusEncoder stereo = new io.github.jaredmdobson.concentus.OpusEncoder(48_000, 2,
                io.github.jaredmdobson.concentus.OpusApplication.OPUS_APPLICATION_AUDIO);
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        short[] decoded = new short[24_000];
        byte[] packet = new byte[1275];
        for (int f = 0; f < 25; f++) {
            short[] left = Signals.tone(440, 48_000, f * 960L, 960, 8000);
            short[] interleaved = new short[1920];
            for (int i = 0; i < 960; i++) {
                interleaved[2 * i] = left[i];
                interleaved[2 * i + 1] = left[i];
            }
            int bytes = stereo.encode(interleaved, 0, 960, packet, 0, packet.length);
            short[] mono = decoder.decode(java.util.Arrays.copyOf(packet, bytes));
            assertEquals(960, mono.length, "one channel of 20 ms");
            System.arraycopy(mono, 0, decoded, f * 960, 960);
        }
        assertEquals(440, Signals.dominantFrequency(decoded, 4800, 24_000, 48_000), 5);
        assertEquals(8000, Signals.amplitudeAt(decoded, 4800, 24_000, 440, 48_000), 1600);
    }

    @Test
    void concealmentContinuesTheSignalForTheMissingDuration() {
        OpusAudioEncoder encoder = new OpusAudioEncoder(32_000, 5);
        OpusAudioDecoder decoder = new OpusAudioDecoder();
        byte[][] packets = new byte[13][];
        for (int f = 0; f < packets.length; f++) {
            packets[f] = encoder.encode(Signals.tone(440, IN_RATE, (long) f * IN_FRAME, IN_FRAME, 8000));
        }
        for (int f = 0; f < 10; f++) {
            decoder.decode(packets[f]);
        }
        short[] plc = decoder.conceal(OUT_FRAME, null);
        assertEquals(OUT_FRAME, plc.length);
        assertTrue(Signals.amplitudeAt(plc, 440, OUT_RATE) > 1000, "PLC continues the tone rather than going silent");
        short[] fec = decoder.conceal(OUT_FRAME, packets[12]);
        assertEquals(OUT_FRAME, fec.length);
        assertTrue(Signals.amplitudeAt(fec, 440, OUT_RATE) > 1000, "FEC rebuilds the tone from the next packet");
    }

    @Test
    void pcmuConcealmentFadesOut() {
        PcmuAudioDecoder decoder = new PcmuAudioDecoder();
        decoder.decode(G711Mulaw.encode(Signals.tone(1000, 8000, 160, 8000)));
        double first = Signals.rms(decoder.conceal(160, null));
        double second = Signals.rms(decoder.conceal(160, null));
        double third = Signals.rms(decoder.conceal(160, null));
        double fourth = Signals.rms(decoder.conceal(160, null));
        double fifth = Signals.rms(decoder.conceal(160, null));
        assertTrue(first > 3000 && second < first && third < second && fourth < third && fifth == 0,
                first + " > " + second + " > " + third + " > " + fourth + " > " + fifth);
    }

    @Test
    void encodersInsistOnTwentyMillisecondFrames() {
        assertThrows(IllegalArgumentException.class, () -> new OpusAudioEncoder(32_000, 5).encode(new short[480]));
        assertThrows(IllegalArgumentException.class, () -> new PcmuAudioEncoder().encode(new short[320]));
        assertEquals(160, new PcmuAudioEncoder().encode(new short[160]).length);
    }
}
