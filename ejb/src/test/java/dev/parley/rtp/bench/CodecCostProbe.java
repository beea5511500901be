package dev.parley.rtp.bench;

import dev.parley.rtp.Signals;
import dev.parley.rtp.codec.OpusAudioDecoder;
import dev.parley.rtp.codec.OpusAudioEncoder;

public class CodecCostProbe {
    public static void main(String[] args) {
        short[][] frames = new short[500][];
        for (int i = 0; i < frames.length; i++) frames[i] = Signals.tone(440, 48000, i * 960L, 960, 8000);
        for (int complexity : new int[] {5}) {
            OpusAudioEncoder enc = new OpusAudioEncoder(32000, complexity);
            OpusAudioDecoder dec = new OpusAudioDecoder();
            NativeOpus nat = new NativeOpus(32000, complexity);
            for (int round = 0; round < 4; round++) {
                long e = 0, d = 0, ne = 0, nd = 0;
                for (short[] f : frames) {
                    long t0 = System.nanoTime();
                    byte[] p = enc.encode(f);
                    long t1 = System.nanoTime();
                    dec.decode(p);
                    long t2 = System.nanoTime();
                    byte[] q = nat.encode(f);
                    long t3 = System.nanoTime();
                    nat.decode(q);
                    long t4 = System.nanoTime();
                    e += t1 - t0; d += t2 - t1; ne += t3 - t2; nd += t4 - t3;
                }
                System.out.printf("c%d r%d: concentus enc %.3f dec %.3f | libopus enc %.3f dec %.3f ms/frame%n", complexity, round, e / 1e6 / frames.length, d / 1e6 / frames.length, ne / 1e6 / frames.length, nd / 1e6 / frames.length);
            }
            nat.close();
        }
    }
}
