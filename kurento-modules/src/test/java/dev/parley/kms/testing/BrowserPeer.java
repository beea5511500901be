package dev.parley.kms.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.testing.HeadlessChromium;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A WebRTC peer in headless Chromium (the shared {@link HeadlessChromium}) with a fake microphone
 * playing a WAV: {@link #evaluate} runs JavaScript in {@link BrowserPage} and returns its (string)
 * result. Loopback only: run it inside {@code unshare -n}. Everything it starts (browser, page
 * server, profile directory) is released by {@link #close()}.
 */
public final class BrowserPeer implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final HeadlessChromium browser;

    private BrowserPeer(HeadlessChromium browser) {
        this.browser = browser;
    }

    /** Starts Chromium on the peer page with {@code microphoneWav} as its microphone. */
    public static BrowserPeer launch(Path microphoneWav) throws IOException, InterruptedException {
        HeadlessChromium browser = HeadlessChromium.openPage("peer.html", BrowserPage.HTML, microphoneWav, List.of());
        try {
            browser.awaitFunction("startOffer", STARTUP);
            return new BrowserPeer(browser);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            browser.close();
            throw e;
        }
    }

    /** Evaluates {@code expression} (awaiting a promise) and returns its value as a string. */
    public String evaluate(String expression) throws IOException {
        return browser.evaluateString(expression);
    }

    /** Publishes the fake microphone (and a recvonly video transceiver if asked) and returns the offer. */
    public String offer(boolean withVideo) throws IOException {
        return evaluate("startOffer(" + withVideo + ")");
    }

    /** Takes a remote offer, sends the fake microphone on its audio m-line, and returns the answer. */
    public String answer(String offer) throws IOException {
        return evaluate("answerOffer(" + js(offer) + ")");
    }

    /** Applies the answer; returns the signaling state ("stable" when accepted). */
    public String acceptAnswer(String sdp) throws IOException {
        return evaluate("acceptAnswer(" + js(sdp) + ")");
    }

    /** Adds a remote ICE candidate. */
    public void addCandidate(String candidate, String sdpMid, int sdpMLineIndex) throws IOException {
        JsonObject c = new JsonObject();
        c.addProperty("candidate", candidate);
        c.addProperty("sdpMid", sdpMid);
        c.addProperty("sdpMLineIndex", sdpMLineIndex);
        evaluate("addCandidate(" + js(c.toString()) + ")");
    }

    /** A local ICE candidate as the browser gave it. */
    public record Candidate(String candidate, String sdpMid, int sdpMLineIndex) {
    }

    /** The local candidates found since the last call. */
    public List<Candidate> takeCandidates() throws IOException {
        List<Candidate> out = new java.util.ArrayList<>();
        for (var element : JsonParser.parseString(evaluate("takeCandidates()")).getAsJsonArray()) {
            JsonObject c = element.getAsJsonObject();
            out.add(new Candidate(c.get("candidate").getAsString(), c.get("sdpMid").getAsString(), c.get("sdpMLineIndex").getAsInt()));
        }
        return out;
    }

    /** What the page's analyser hears now: the loudest frequency (100 Hz-4 kHz) and its level. */
    public record Heard(double hz, double db, String connectionState) {
    }

    public Heard heard() throws IOException {
        JsonObject h = JsonParser.parseString(evaluate("dominantFrequency()")).getAsJsonObject();
        return new Heard(h.get("hz").getAsDouble(), h.get("db").getAsDouble(), h.get("state").getAsString());
    }

    /**
     * Polls the analyser until it hears {@code hz} (within a few analyser bins) above -60 dB, or the
     * timeout passes; returns the last reading either way.
     */
    public Heard awaitHearing(double hz, Duration timeout) throws IOException, InterruptedException {
        return awaitHearing(hz, timeout, Duration.ofMillis(200));
    }

    /** As {@link #awaitHearing(double, Duration)}, polling every {@code poll} (short polls time arrival). */
    public Heard awaitHearing(double hz, Duration timeout, Duration poll) throws IOException, InterruptedException {
        Heard last = heard();
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end && !(Math.abs(last.hz() - hz) < 12 && last.db() > -60)) {
            Thread.sleep(poll.toMillis());
            last = heard();
        }
        return last;
    }

    /** The page's inbound-rtp audio stats (packets, loss, jitter buffer) as JSON. */
    public String inboundAudioStats() throws IOException {
        return evaluate("inboundAudioStats()");
    }

    /** A JavaScript string literal for {@code text}. */
    public static String js(String text) {
        return HeadlessChromium.js(text);
    }

    @Override
    public void close() {
        try {
            browser.evaluate("close()");
        } catch (IOException | RuntimeException e) {
            // the browser goes away below either way
        }
        browser.close();
    }
}
