package dev.parley.kms.testing;

import dev.parley.kms.media.IceEventSink;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Records every engine event as a line of text, so tests can wait for and assert them. */
public final class MediaEventLog implements IceEventSink {
    public final List<String> lines = new CopyOnWriteArrayList<>();
    public final List<String[]> candidates = new CopyOnWriteArrayList<>();
    /** Where found candidates are also handed (trickle ICE to a peer), if anywhere. */
    public volatile java.util.function.Consumer<String[]> trickle;

    /** Hands every found candidate to {@code peer} (trickle ICE between two engine endpoints). */
    public void trickleTo(dev.parley.kms.media.WebRtcMedia peer) {
        trickle = c -> peer.addIceCandidate(c[0], c[1], Integer.parseInt(c[2]));
    }

    @Override
    public void iceCandidateFound(String candidate, String sdpMid, int sdpMLineIndex) {
        candidates.add(new String[] {candidate, sdpMid, String.valueOf(sdpMLineIndex)});
        lines.add("candidate " + sdpMLineIndex + " " + sdpMid + " " + candidate);
        java.util.function.Consumer<String[]> to = trickle;
        if (to != null) {
            to.accept(new String[] {candidate, sdpMid, String.valueOf(sdpMLineIndex)});
        }
    }

    @Override
    public void iceGatheringDone() {
        lines.add("gatheringDone");
    }

    @Override
    public void iceComponentStateChanged(int streamId, int componentId, String state) {
        lines.add("ice " + state);
    }

    @Override
    public void newCandidatePairSelected(String streamId, int componentId, String local, String remote) {
        lines.add("pair " + local + " | " + remote);
    }

    @Override
    public void mediaFlowIn(boolean flowing) {
        lines.add("flowIn " + flowing);
    }

    @Override
    public void mediaFlowOut(boolean flowing) {
        lines.add("flowOut " + flowing);
    }

    @Override
    public void mediaStateChanged(boolean connected) {
        lines.add("mediaState " + connected);
    }

    @Override
    public void connectionStateChanged(boolean connected) {
        lines.add("connectionState " + connected);
    }

    @Override
    public void error(String type, int errorCode, String description) {
        lines.add("error " + type + " " + errorCode + " " + description);
    }

    public boolean await(Predicate<String> line, long timeoutMillis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < end) {
            if (lines.stream().anyMatch(line)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }
}
