package dev.parley.session;

import dev.parley.media.IceCandidateMessage;
import dev.parley.media.IceSignalling;

import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the signalling layer does for a call, played by a test: the media server's candidates
 * queue up for the browser ({@link IceSignalling}), and {@link #connect} runs offer/answer and
 * trickles candidates both ways until the browser's peer connection is connected.
 */
final class BrowserCall implements IceSignalling {

    private final BlockingQueue<IceCandidateMessage> toBrowser = new LinkedBlockingQueue<>();
    private volatile boolean gatheringDone;

    @Override
    public void sendCandidate(IceCandidateMessage candidate) {
        toBrowser.add(candidate);
    }

    @Override
    public void gatheringDone() {
        gatheringDone = true;
    }

    boolean sawGatheringDone() {
        return gatheringDone;
    }

    /** Negotiates {@code browser} with {@code session}; returns the milliseconds until the browser said "connected". */
    long connect(ChromiumCaller browser, VoiceSession session) throws IOException, InterruptedException {
        long started = System.nanoTime();
        String answer = session.answerBrowserOffer(browser.offer());
        String signalling = browser.acceptAnswer(answer);
        if (!"stable".equals(signalling)) {
            throw new IOException("the browser did not accept the answer: " + signalling);
        }
        long deadline = started + TimeUnit.SECONDS.toNanos(20);
        String state = browser.connectionState();
        while (!"connected".equals(state) && System.nanoTime() < deadline) {
            IceCandidateMessage local;
            while ((local = toBrowser.poll()) != null) {
                browser.addCandidate(local);
            }
            for (IceCandidateMessage c : browser.takeCandidates()) {
                session.addBrowserCandidate(c);
            }
            Thread.sleep(50);
            state = browser.connectionState();
        }
        if (!"connected".equals(state)) {
            throw new IOException("the browser's peer connection is " + state + " after 20 s");
        }
        return (System.nanoTime() - started) / 1_000_000;
    }
}
