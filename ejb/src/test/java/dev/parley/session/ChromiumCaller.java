package dev.parley.session;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.sun.net.httpserver.HttpServer;
import dev.parley.media.IceCandidateMessage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Chromium as the caller: its fake microphone plays a WAV into a WebRTC peer connection,
 * and the page records what it hears from the remote track as 16 kHz PCM with a timeline of levels
 * (WebAudio), so a test can check the agent's reply by content and time when it stops.
 *
 * <p>Driven over the DevTools protocol with the JDK's own WebSocket client. (The media server's
 * BrowserPeer does the same with Java-WebSocket, which is not on this module's test class path.)
 * Loopback only: run inside {@code unshare -n}. {@link #close()} ends the browser and its helpers.
 */
final class ChromiumCaller implements AutoCloseable {

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration STARTUP = Duration.ofSeconds(30);

    private final Path profile;
    private final HttpServer pageServer;
    private final Process chromium;
    private final Cdp cdp;

    private ChromiumCaller(Path profile, HttpServer pageServer, Process chromium, Cdp cdp) {
        this.profile = profile;
        this.pageServer = pageServer;
        this.chromium = chromium;
        this.cdp = cdp;
    }

    static ChromiumCaller launch(Path microphoneWav) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("parley-caller-");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = PAGE.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/caller.html";
        Process process = null;
        try {
            process = new ProcessBuilder(List.of("timeout", "-k", "5", "300", "/usr/bin/chromium", "--headless", "--no-sandbox",
                    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                    "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                    "--autoplay-policy=no-user-gesture-required", "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + microphoneWav.toAbsolutePath(), url))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String browserWs = awaitDevtools(process);
            Cdp cdp = new Cdp(URI.create(awaitPage(browserWs, url)));
            ChromiumCaller caller = new ChromiumCaller(profile, server, process, cdp);
            caller.awaitScript();
            return caller;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (process != null) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            server.stop(0);
            deleteTree(profile);
            throw e;
        }
    }

    String evaluate(String expression) throws IOException {
        return cdp.evaluate(expression);
    }

    /** Publishes the microphone; returns the browser's SDP offer. */
    String offer() throws IOException {
        return evaluate("startOffer()");
    }

    String acceptAnswer(String sdp) throws IOException {
        return evaluate("acceptAnswer(" + new JsonPrimitive(sdp) + ")");
    }

    void addCandidate(IceCandidateMessage c) throws IOException {
        JsonObject json = new JsonObject();
        json.addProperty("candidate", c.candidate());
        json.addProperty("sdpMid", c.sdpMid());
        json.addProperty("sdpMLineIndex", c.sdpMLineIndex());
        evaluate("addCandidate(" + new JsonPrimitive(json.toString()) + ")");
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

    private void awaitScript() throws IOException, InterruptedException {
        long end = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < end) {
            if ("function".equals(evaluate("typeof startOffer"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the caller page did not load");
    }

    private static String awaitDevtools(Process process) throws IOException {
        CompletableFuture<String> found = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    Matcher m = DEVTOOLS.matcher(line);
                    if (m.find()) {
                        found.complete(m.group(1));
                    }
                }
            } catch (IOException e) {
                found.completeExceptionally(e);
            }
            found.completeExceptionally(new IOException("chromium exited before DevTools listened"));
        }, "chromium-caller-stderr");
        reader.setDaemon(true);
        reader.start();
        try {
            return found.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IOException("chromium did not start its DevTools endpoint: " + e.getMessage(), e);
        }
    }

    private static String awaitPage(String browserWs, String url) throws IOException, InterruptedException {
        URI browser = URI.create(browserWs);
        URI list = URI.create("http://" + browser.getHost() + ":" + browser.getPort() + "/json/list");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < end) {
            String body = http.send(HttpRequest.newBuilder(list).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (JsonElement target : JsonParser.parseString(body).getAsJsonArray()) {
                JsonObject t = target.getAsJsonObject();
                if ("page".equals(t.get("type").getAsString()) && url.equals(t.get("url").getAsString())) {
                    return t.get("webSocketDebuggerUrl").getAsString();
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("chromium never opened " + url);
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
            cdp.evaluate("closeCall()");
        } catch (IOException | RuntimeException e) {
            // the browser goes away below either way
        }
        cdp.close();
        List<ProcessHandle> helpers = chromium.descendants().toList();
        chromium.destroy();
        try {
            if (!chromium.waitFor(5, TimeUnit.SECONDS)) {
                chromium.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            chromium.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        helpers.forEach(ProcessHandle::destroyForcibly);
        pageServer.stop(0);
        deleteTree(profile);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp profile is harmless
        }
    }

    /** Runtime.evaluate over one page's DevTools WebSocket (JDK client). */
    private static final class Cdp implements WebSocket.Listener {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Cdp(URI page) throws IOException {
            try {
                socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(page, this).get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("cannot open DevTools WebSocket " + page, e);
            }
        }

        String evaluate(String expression) throws IOException {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonObject> reply = new CompletableFuture<>();
            pending.put(id, reply);
            JsonObject params = new JsonObject();
            params.addProperty("expression", expression);
            params.addProperty("awaitPromise", true);
            params.addProperty("returnByValue", true);
            JsonObject message = new JsonObject();
            message.addProperty("id", id);
            message.addProperty("method", "Runtime.evaluate");
            message.add("params", params);
            JsonObject result;
            try {
                synchronized (this) {
                    socket.sendText(message.toString(), true).get(10, TimeUnit.SECONDS);
                }
                result = reply.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("no answer from the page to: " + expression, e);
            } finally {
                pending.remove(id);
            }
            if (result.has("error")) {
                throw new IOException("DevTools error for " + expression + ": " + result.get("error"));
            }
            JsonObject body = result.getAsJsonObject("result");
            if (body.has("exceptionDetails")) {
                throw new IOException("page threw for " + expression + ": " + body.get("exceptionDetails"));
            }
            JsonObject value = body.getAsJsonObject("result");
            return value.has("value") ? value.get("value").getAsString() : value.get("type").getAsString();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonObject message = JsonParser.parseString(partial.toString()).getAsJsonObject();
                partial.setLength(0);
                if (message.has("id")) {
                    CompletableFuture<JsonObject> reply = pending.get(message.get("id").getAsInt());
                    if (reply != null) {
                        reply.complete(message);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values().forEach(f -> f.completeExceptionally(new IOException("DevTools closed: " + reason)));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        void close() {
            socket.abort();
        }
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
