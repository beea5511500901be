package dev.parley.kms.gst;

import org.freedesktop.gstreamer.Element;
import org.freedesktop.gstreamer.Pipeline;
import org.freedesktop.gstreamer.State;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How late a sound comes out of an endpoint's Opus encoder, on real GStreamer: the encode chain
 * ({@link AudioChains#addEncoder}) straight into the decode chain, silence and then a tone burst
 * pushed at the real pace, and the burst's first sample found again in the decoded audio. Opus
 * delays the audio by its encoder's look-ahead (RTP receivers do not trim it); the low-delay
 * encoder that WebRtcEndpoint uses toward the browser must cost 2.5 ms, the default one 6.5 ms.
 */
class AudioChainsDelayTest {
    private static final int CHUNK_FRAMES = RawAudio.RATE / 50;
    private static final int SILENT_CHUNKS = 10;

    @BeforeAll
    static void gstreamer() {
        GstRuntime.ensureInitialized();
    }

    @Test
    void theLowDelayOpusEncoderDelaysTheAudioByTwoAndAHalfMilliseconds() throws Exception {
        double delay = burstDelayMillis(true);
        assertTrue(delay >= 2.0 && delay <= 3.5, "low-delay Opus delayed the burst " + delay + " ms");
    }

    @Test
    void theDefaultOpusEncoderDelaysTheAudioBySixAndAHalfMilliseconds() throws Exception {
        double delay = burstDelayMillis(false);
        assertTrue(delay >= 6.0 && delay <= 7.5, "default Opus delayed the burst " + delay + " ms");
    }

    private static double burstDelayMillis(boolean lowDelay) throws Exception {
        Pipeline pipeline = new Pipeline("delay-" + lowDelay);
        AudioInlet inlet = new AudioInlet("in", pipeline, new FlowMonitor(flowing -> { }), GstElementMedia.INPUT_MAX_LATENESS_NANOS);
        AudioOutlet outlet = new AudioOutlet("out", new FlowMonitor(flowing -> { }));
        ByteArrayOutputStream decoded = new ByteArrayOutputStream();
        outlet.addTap(pcm -> {
            synchronized (decoded) {
                decoded.writeBytes(pcm);
            }
        });
        try {
            pipeline.addMany(inlet.element(), outlet.element());
            AudioCodec.Negotiated opus = new AudioCodec.Negotiated(AudioCodec.OPUS, 111);
            Element payloader = AudioChains.addEncoder(pipeline, inlet, opus, lowDelay);
            Element depayloader = AudioChains.addDecoder(pipeline, outlet, AudioCodec.OPUS);
            assertTrue(Element.linkMany(payloader, depayloader), "payloader to depayloader");
            pipeline.play();
            assertEquals(State.PLAYING, pipeline.getState(TimeUnit.SECONDS.toNanos(5)));
            inlet.open();
            int chunks = SILENT_CHUNKS + 15;
            for (int chunk = 0; chunk < chunks; chunk++) {
                inlet.push(chunk(chunk >= SILENT_CHUNKS));
                Thread.sleep(20);
            }
            Thread.sleep(200);
            byte[] out;
            synchronized (decoded) {
                out = decoded.toByteArray();
            }
            assertEquals(0, out.length % (CHUNK_FRAMES * RawAudio.BYTES_PER_FRAME), "whole 20 ms chunks came out");
            int onset = firstLoudFrame(out);
            assertTrue(onset > 0, "the burst came out");
            return (onset - SILENT_CHUNKS * CHUNK_FRAMES) * 1_000.0 / RawAudio.RATE;
        } finally {
            inlet.close();
            outlet.close();
            pipeline.setState(State.NULL);
            pipeline.dispose();
        }
    }

    /** 20 ms of 48 kHz stereo: silence, or a 1 kHz tone at about -6 dBFS. */
    private static byte[] chunk(boolean tone) {
        ByteBuffer pcm = ByteBuffer.allocate(CHUNK_FRAMES * RawAudio.BYTES_PER_FRAME).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < CHUNK_FRAMES; i++) {
            short v = tone ? (short) (16_000 * Math.sin(2 * Math.PI * 1_000 * i / RawAudio.RATE)) : 0;
            pcm.putShort(v).putShort(v);
        }
        return pcm.array();
    }

    private static int firstLoudFrame(byte[] pcm) {
        ByteBuffer in = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        for (int frame = 0; frame < pcm.length / RawAudio.BYTES_PER_FRAME; frame++) {
            if (Math.abs(in.getShort(frame * RawAudio.BYTES_PER_FRAME)) > 2_000) {
                return frame;
            }
        }
        return -1;
    }
}
