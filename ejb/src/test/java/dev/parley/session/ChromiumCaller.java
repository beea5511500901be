package dev.parley.session;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.media.IceCandidateMessage;
import dev.parley.testing.HeadlessChromium;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Headless Chromium as the caller: its fake microphone plays a WAV into a WebRTC peer connection,
 * and the page records what it hears from the remote track as 16 kHz PCM with a timeline of levels
 * (WebAudio), so a test can check the agent's reply by content and time when it stops.
 *
 * <p>Built on the shared {@link HeadlessChromium} (test-support). Loopback only: run inside
 * {@code unshare -n}. {@link #close()} ends the browser and its helpers.
 */
final class ChromiumCaller implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final HeadlessChromium browser;

    private ChromiumCaller(HeadlessChromium browser) {
        this.browser = browser;
    }

    static ChromiumCaller launch(Path microphoneWav) throws IOException, InterruptedException {
        HeadlessChromium browser = HeadlessChromium.openPage("caller.html", PAGE, microphoneWav, List.of());
        try {
            browser.awaitFunction("startOffer", STARTUP);
            return new ChromiumCaller(browser);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            browser.close();
            throw e;
        }
    }

    String evaluate(String expression) throws IOException {
        return browser.evaluateString(expression);
    }

    /** Publishes the microphone; returns the browser's SDP offer. */
    String offer() throws IOException {
        return evaluate("startOffer()");
    }

    String acceptAnswer(String sdp) throws IOException {
        return evaluate("acceptAnswer(" + HeadlessChromium.js(sdp) + ")");
    }

    void addCandidate(IceCandidateMessage c) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("candidate", c.candidate());
        json.addProperty("sdpMid", c.sdpMid());
        json.addProperty("sdpMLineIndex", c.sdpMLineIndex());
        evaluate("addCandidate(" + HeadlessChromium.js(json.toString()) + ")");
    }

    List<IceCandidateMessage> takeCandidates() throws IOException {
        List<IceCandidateMessage> out = new ArrayList<>();
        for (JsonElement e : JsonParser.parseString(evaluate("takeCandidates()")).getAsJsonArray()) {
            JsonObject c = e.getAsJsonObject();
            out.add(new IceCandidateMessage(c.get("candidate").getAsString(), c.get("sdpMid").getAsString(), c.get("sdpMLineIndex").getAsInt()));
        }
        return out;
    }

    String connectionState() throws IOException {
        return evaluate("pc ? pc.connectionState : 'none'");
    }

    /** The page's clock ({@code performance.now()}, ms), to place Java-side moments on the capture's timeline. */
    double pageNowMillis() throws IOException {
        return Double.parseDouble(evaluate("String(performance.now())"));
    }

    /** Drops what was captured so far. */
    void clearCapture() throws IOException {
        evaluate("clearCapture()");
    }

    /** What the page heard since the last clear: 16 kHz mono PCM. */
    short[] capturedPcm() throws IOException {
        byte[] bytes = Base64.getDecoder().decode(evaluate("capturedPcm()"));
        short[] pcm = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        return pcm;
    }

    /** One WebAudio block the page heard: when it was rendered (page clock) and its RMS level (0..1). */
    record Level(double pageMillis, double rms) {
    }

    List<Level> levels() throws IOException {
        List<Level> out = new ArrayList<>();
        JsonArray array = JsonParser.parseString(evaluate("levels()")).getAsJsonArray();
        for (JsonElement e : array) {
            JsonArray pair = e.getAsJsonArray();
            out.add(new Level(pair.get(0).getAsDouble(), pair.get(1).getAsDouble()));
        }
        return out;
    }

    String inboundAudioStats() throws IOException {
        return evaluate("inboundAudioStats()");
    }

    private boolean closed;

    /** Ends the call and the browser, as a caller closing the page would; {@link #close()} does the same. */
    public void quit() {
        close();
    }

    /** Ends the call and the browser; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            browser.evaluate("closeCall()");
        } catch (IOException | RuntimeException e) {
            // the browser goes away below either way
        }
        browser.close();
    }

    private static final String PAGE = """
            <!doctype html>
            <html><head><meta charset="utf-8"><title>parley caller</title></head>
            <body>
            <audio id="remote" autoplay muted></audio>
            <script>
            let pc = null;
            let ctx = null;
            const localCandidates = [];
            let chunks = [];
            let levelLog = [];

            async function startOffer() {
              const stream = await navigator.mediaDevices.getUserMedia({audio: {
                echoCancellation: false, noiseSuppression: false, autoGainControl: false}});
              pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
              pc.onicecandidate = e => {
                if (e.candidate && e.candidate.candidate) {
                  localCandidates.push({candidate: e.candidate.candidate, sdpMid: e.candidate.sdpMid,
                                        sdpMLineIndex: e.candidate.sdpMLineIndex});
                }
              };
              pc.ontrack = e => capture(e.streams[0] || new MediaStream([e.track]));
              stream.getTracks().forEach(t => pc.addTrack(t, stream));
              const offer = await pc.createOffer();
              await pc.setLocalDescription(offer);
              return pc.localDescription.sdp;
            }

            async function acceptAnswer(sdp) {
              await pc.setRemoteDescription({type: 'answer', sdp: sdp});
              return pc.signalingState;
            }

            async function addCandidate(json) {
              await pc.addIceCandidate(JSON.parse(json));
              return 'ok';
            }

            function takeCandidates() {
              return JSON.stringify(localCandidates.splice(0, localCandidates.length));
            }

            // Records the remote audio at 16 kHz: samples for content checks, a level per block for timing.
            function capture(stream) {
              const element = document.getElementById('remote');
              element.srcObject = stream;   // Chromium feeds remote WebRTC audio to WebAudio only while an element plays it
              element.play().catch(() => {});
              ctx = new AudioContext({sampleRate: 16000});
              const source = ctx.createMediaStreamSource(stream);
              const tap = ctx.createScriptProcessor(256, 1, 1);
              tap.onaudioprocess = e => {
                const input = e.inputBuffer.getChannelData(0);
                let sum = 0;
                for (let i = 0; i < input.length; i++) { sum += input[i] * input[i]; }
                levelLog.push([performance.now(), Math.sqrt(sum / input.length)]);
                chunks.push(new Float32Array(input));
              };
              source.connect(tap);
              tap.connect(ctx.destination);
            }

            function clearCapture() { chunks = []; levelLog = []; return 'ok'; }

            function capturedPcm() {
              let n = 0;
              chunks.forEach(c => n += c.length);
              const pcm = new Int16Array(n);
              let k = 0;
              chunks.forEach(c => { for (let i = 0; i < c.length; i++) {
                pcm[k++] = Math.max(-32768, Math.min(32767, Math.round(c[i] * 32767))); } });
              const bytes = new Uint8Array(pcm.buffer);
              let binary = '';
              for (let i = 0; i < bytes.length; i += 8192) {
                binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 8192));
              }
              return btoa(binary);
            }

            function levels() { return JSON.stringify(levelLog); }

            async function inboundAudioStats() {
              const stats = await pc.getStats();
              let out = {};
              stats.forEach(s => {
                if (s.type === 'inbound-rtp' && s.kind === 'audio') {
                  out = {packetsReceived: s.packetsReceived, packetsLost: s.packetsLost,
                         jitterBufferDelay: s.jitterBufferDelay, jitterBufferEmittedCount: s.jitterBufferEmittedCount,
                         totalSamplesReceived: s.totalSamplesReceived, concealedSamples: s.concealedSamples,
                         silentConcealedSamples: s.silentConcealedSamples, concealmentEvents: s.concealmentEvents,
                         insertedSamplesForDeceleration: s.insertedSamplesForDeceleration,
                         removedSamplesForAcceleration: s.removedSamplesForAcceleration,
                         jitterBufferTargetDelay: s.jitterBufferTargetDelay, jitterBufferMinimumDelay: s.jitterBufferMinimumDelay,
                         playoutId: s.playoutId};
                }
              });
              stats.forEach(s => {   // the audio device's own delay after the jitter buffer (RTCAudioPlayoutStats)
                if (s.type === 'media-playout' && s.id === out.playoutId) {
                  out.totalPlayoutDelay = s.totalPlayoutDelay;
                  out.totalPlayoutSamplesCount = s.totalSamplesCount;
                }
              });
              return JSON.stringify(out);
            }

            function closeCall() {
              if (pc) { pc.close(); }
              if (ctx) { ctx.close(); }
              return 'closed';
            }
            </script>
            </body></html>
            """;
}
