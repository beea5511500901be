package dev.parley.rtp;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Collects the 16 kHz frames a bridge delivers, for tests to analyse. Thread-safe. */
final class FrameRecorder implements Consumer<InboundAudioFrame> {

    private final List<InboundAudioFrame> frames = new ArrayList<>();

    @Override
    public synchronized void accept(InboundAudioFrame frame) {
        frames.add(frame);
        notifyAll();
    }

    synchronized int count() {
        return frames.size();
    }

    synchronized List<InboundAudioFrame> frames() {
        return List.copyOf(frames);
    }

    /** Waits until at least {@code n} frames arrived or the timeout passed; returns the count. */
    synchronized int awaitFrames(int n, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (frames.size() < n) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return frames.size();
    }

    /** All samples of frames {@code from..} joined (a frame is what one packet decoded to, or a concealed stretch). */
    synchronized short[] samples(int fromFrame) {
        int total = frames.stream().skip(fromFrame).mapToInt(f -> f.samples().length).sum();
        short[] out = new short[total];
        int at = 0;
        for (int i = fromFrame; i < frames.size(); i++) {
            short[] pcm = frames.get(i).samples();
            System.arraycopy(pcm, 0, out, at, pcm.length);
            at += pcm.length;
        }
        return out;
    }

    /** Waits until at least {@code n} frames louder than {@code rms} arrived or the timeout passed; returns their count. */
    synchronized int awaitLoudFrames(int n, double rms, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (loudFrames(rms) < n) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return loudFrames(rms);
    }

    synchronized int loudFrames(double rms) {
        return (int) frames.stream().filter(f -> Signals.rms(f.samples()) > rms).count();
    }

    /** Index of the first frame louder than {@code rms}, or -1. */
    synchronized int firstLoudFrame(double rms) {
        for (int i = 0; i < frames.size(); i++) {
            if (Signals.rms(frames.get(i).samples()) > rms) {
                return i;
            }
        }
        return -1;
    }

    /** Delivery time of the first frame whose level exceeds {@code rms}, or -1. */
    synchronized long firstLoudFrameNanos(double rms) {
        for (InboundAudioFrame frame : frames) {
            if (Signals.rms(frame.samples()) > rms) {
                return frame.deliveredNanos();
            }
        }
        return -1;
    }
}
