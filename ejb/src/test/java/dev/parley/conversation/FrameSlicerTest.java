package dev.parley.conversation;

import dev.parley.rtp.InboundAudioFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The bridge's frames (20 ms, or a concealed stretch of any length) cut once to the VAD's frame size, facts kept. */
class FrameSlicerTest {

    private static final int VAD_FRAME = 512; // Silero's 32 ms

    /** Sample values count up through the whole stream, so order and loss show. */
    private static short[] ramp(int from, int length) {
        short[] pcm = new short[length];
        for (int i = 0; i < length; i++) {
            pcm[i] = (short) (from + i);
        }
        return pcm;
    }

    private static long deliveredAt(int delivery) {
        return 1_000_000_000L + delivery * 20_000_000L;
    }

    @Test
    void twentyMillisecondFramesBecomeVadFramesInOrderEachDeliveredWithTheFrameThatCompletedIt() {
        FrameSlicer slicer = new FrameSlicer(VAD_FRAME);
        List<InboundAudioFrame> out = new ArrayList<>();
        for (int d = 0; d < 8; d++) {
            slicer.accept(new InboundAudioFrame(ramp(d * 320, 320), false, deliveredAt(d)), out::add);
        }

        assertEquals(5, out.size(), "2560 samples make five 512-sample frames");
        for (int i = 0; i < out.size(); i++) {
            assertArrayEquals(ramp(i * VAD_FRAME, VAD_FRAME), out.get(i).samples(), "frame " + i);
        }
        // frame i ends at sample 512 (i + 1) - 1, which came in delivery floor(that / 320)
        assertEquals(List.of(deliveredAt(1), deliveredAt(3), deliveredAt(4), deliveredAt(6), deliveredAt(7)),
                out.stream().map(InboundAudioFrame::deliveredNanos).toList());
    }

    @Test
    void aConcealedStretchMarksExactlyTheVadFramesThatHoldItsSamples() {
        FrameSlicer slicer = new FrameSlicer(VAD_FRAME);
        List<InboundAudioFrame> out = new ArrayList<>();
        slicer.accept(new InboundAudioFrame(ramp(0, 640), false, deliveredAt(0)), out::add);      // samples 0..639
        slicer.accept(new InboundAudioFrame(ramp(640, 960), true, deliveredAt(1)), out::add);     // 640..1599: three lost packets
        slicer.accept(new InboundAudioFrame(ramp(1600, 1000), false, deliveredAt(2)), out::add);  // 1600..2599

        assertEquals(5, out.size());
        // frames: 0..511 heard, 512..1023 and 1024..1535 hold concealment, 1536..2047 too (1536..1599), 2048..2559 heard
        assertEquals(List.of(false, true, true, true, false), out.stream().map(InboundAudioFrame::concealed).toList());
        assertEquals(List.of(deliveredAt(0), deliveredAt(1), deliveredAt(1), deliveredAt(2), deliveredAt(2)),
                out.stream().map(InboundAudioFrame::deliveredNanos).toList());
        for (int i = 0; i < out.size(); i++) {
            assertArrayEquals(ramp(i * VAD_FRAME, VAD_FRAME), out.get(i).samples(), "frame " + i);
        }
    }

    @Test
    void aFrameSizeThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FrameSlicer(0));
    }
}
