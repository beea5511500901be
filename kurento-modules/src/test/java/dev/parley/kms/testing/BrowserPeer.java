package dev.parley.kms.testing;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpServer;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Headless Debian Chromium with a fake microphone playing a WAV, driven over the DevTools
 * protocol: {@link #evaluate} runs JavaScript in {@link BrowserPage} and returns its (string)
 * result. Loopback only: run it inside {@code unshare -n}. Everything it starts (browser, page
 * server, profile directory) is released by {@link #close()}.
 */
public final class BrowserPeer implements AutoCloseable {
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private final Path profile;
    private final HttpServer pageServer;
    private final Process chromium;
    private final Cdp cdp;

    private BrowserPeer(Path profile, HttpServer pageServer, Process chromium, Cdp cdp) {
        this.profile = profile;
        this.pageServer = pageServer;
        this.chromium = chromium;
        this.cdp = cdp;
    }

    /** Starts Chromium on the peer page with {@code microphoneWav} as its microphone. */
    public static BrowserPeer launch(Path microphoneWav) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("parley-chromium-");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = BrowserPage.HTML.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/peer.html";
        Process process = null;
        try {
            // timeout(1) bounds the browser's life in case this JVM dies without closing it.
            process = new ProcessBuilder(List.of("timeout", "-k", "5", String.valueOf(MAX_LIFETIME.toSeconds()),
                    "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1",
                    "--remote-debugging-port=0", "--allow-loopback-in-peer-connection",
                    "--disable-features=WebRtcHideLocalIpsWithMdns", "--autoplay-policy=no-user-gesture-required",
                    "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                    "--use-file-for-fake-audio-capture=" + microphoneWav.toAbsolutePath(), url))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String browserWs = awaitDevtools(process);
            String pageWs = awaitPage(browserWs, url);
            Cdp cdp = new Cdp(URI.create(pageWs));
            BrowserPeer peer = new BrowserPeer(profile, server, process, cdp);
            peer.awaitPageScript();
            return peer;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            server.stop(0);
            deleteTree(profile);
            throw e;
        }
    }

    /** Evaluates {@code expression} (awaiting a promise) and returns its value as a string. */
    public String evaluate(String expression) throws IOException {
        return cdp.evaluate(expression);
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
        return new com.google.gson.JsonPrimitive(text).toString();
    }

    private void awaitPageScript() throws IOException, InterruptedException {
        long end = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < end) {
            if ("function".equals(evaluate("typeof startOffer"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the peer page did not load");
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
        }, "chromium-stderr");
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
            for (var target : JsonParser.parseString(body).getAsJsonArray()) {
                JsonObject t = target.getAsJsonObject();
                if ("page".equals(t.get("type").getAsString()) && url.equals(t.get("url").getAsString())) {
                    return t.get("webSocketDebuggerUrl").getAsString();
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("chromium never opened " + url);
    }

    @Override
    public void close() {
        try {
            cdp.evaluate("close()");
        } catch (IOException | RuntimeException e) {
            // the browser goes away below either way
        }
        cdp.close();
        // Chromium's helpers (renderer, GPU, audio) are reparented once the browser exits: list them first.
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

    /** A minimal DevTools-protocol client: Runtime.evaluate over one page's WebSocket. */
    private static final class Cdp extends WebSocketClient {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();

        Cdp(URI page) throws InterruptedException, IOException {
            super(page);
            setConnectionLostTimeout(0);
            if (!connectBlocking(10, TimeUnit.SECONDS)) {
                throw new IOException("cannot open DevTools WebSocket " + page);
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
            send(message.toString());
            JsonObject result;
            try {
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
        public void onOpen(ServerHandshake handshake) {
        }

        @Override
        public void onMessage(String text) {
            JsonObject message = JsonParser.parseString(text).getAsJsonObject();
            if (message.has("id")) {
                CompletableFuture<JsonObject> reply = pending.get(message.get("id").getAsInt());
                if (reply != null) {
                    reply.complete(message);
                }
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            pending.values().forEach(f -> f.completeExceptionally(new IOException("DevTools closed: " + reason)));
        }

        @Override
        public void onError(Exception e) {
            pending.values().forEach(f -> f.completeExceptionally(e));
        }
    }
}
