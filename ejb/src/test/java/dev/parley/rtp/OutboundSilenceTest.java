package dev.parley.rtp;

import dev.parley.rtp.codec.AudioCodecs;
import dev.parley.rtp.codec.AudioDecoder;
import dev.parley.rtp.pacing.PacedFrame;
import dev.parley.rtp.pacing.RtpPacer;
import dev.parley.rtp.rtcp.SenderStatistics;
import dev.parley.rtp.sdp.MediaDirection;
import dev.parley.rtp.sdp.NegotiatedAudio;
import dev.parley.rtp.sdp.RtpAudioFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The silence a continuous stream sends between answers: encoded for real until the codec has
 * played out the speech before it and settled, then one payload reused; it decodes to silence, and
 * the speech that follows is encoded as before. No socket is involved: only {@code encode} runs.
 */
class OutboundSilenceTest {

    private final RtpPacer pacer = new RtpPacer(3, true);

    @ParameterizedTest
    @EnumSource(RtpAudioFormat.class)
    void silenceIsEncodedUntilTheCodecSettlesThenReusedAndDecodesToSilence(RtpAudioFormat format) {
        NegotiatedAudio audio = new NegotiatedAudio(format, format == RtpAudioFormat.OPUS ? 96 : 0,
                new InetSocketAddress("127.0.0.1", 9), new InetSocketAddress("127.0.0.1", 10), MediaDirection.SEND_RECEIVE);
        OutboundAudioPath path = new OutboundAudioPath(audio, AudioCodecs.encoderFor(format, 32_000, 5), 1, null,
                new SenderStatistics(), new BridgeCounterSet(), PlayoutListener.NONE);
        long now = 0;
        pacer.enqueue(new dev.parley.rtp.pacing.AudioTag(1, 0), Signals.tone(440, 16_000, 320 * 10, 8000), now);
        List<byte[]> speech = new ArrayList<>();
        List<byte[]> silence = new ArrayList<>();
        for (int i = 0; i < 80; i++, now += RtpPacer.PACKET_NANOS) {
            PacedFrame frame = pacer.peekDue(now);
            (frame.silence() ? silence : speech).add(path.encode(frame));
            pacer.commit(frame);
        }
        assertEquals(10, speech.size());
        int settled = OutboundAudioPath.SILENCE_SETTLE_FRAMES - 1;
        for (int i = 0; i < settled; i++) {
            assertNotSame(silence.get(i), silence.get(settled), "silence frame " + i + " was encoded for real");
        }
        for (int i = settled; i < silence.size(); i++) {
            assertSame(silence.get(settled), silence.get(i), "silence frame " + i + " reuses the settled payload");
        }

        AudioDecoder decoder = AudioCodecs.decoderFor(format);
        speech.forEach(decoder::decode);
        double reused = 0;
        for (int i = 0; i < silence.size(); i++) {
            double rms = Signals.rms(decoder.decode(silence.get(i)));
            if (i >= settled) {
                reused = Math.max(reused, rms);
            }
        }
        assertTrue(reused < 30, "the reused payload decodes to silence, rms " + reused);

        pacer.enqueue(new dev.parley.rtp.pacing.AudioTag(1, 0), Signals.tone(440, 16_000, 320, 8000), now);
        PacedFrame again = pacer.peekDue(now);
        assertTrue(path.encode(again).length > 0);
        pacer.commit(again);
        byte[] firstSilenceAfter = path.encode(pacer.peekDue(now + RtpPacer.PACKET_NANOS));
        assertNotSame(silence.get(settled), firstSilenceAfter, "after speech, silence is encoded anew until the codec settles again");
    }
}
