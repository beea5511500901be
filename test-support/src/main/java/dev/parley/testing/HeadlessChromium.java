package dev.parley.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
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
 * Debian's headless Chromium on one page, with a WAV as its microphone, driven over the DevTools
 * protocol (the JDK's WebSocket client; no driver to download). The one browser driver of all
 * Parley's tests: the media server's WebRTC peer, the EJB module's caller and the integration
 * tests' pages are built on it. Loopback only: run inside {@code unshare -n}. {@link #close()}
 * stops the browser and its helpers, the page server if it started one, and deletes the profile.
 */
public final class HeadlessChromium implements AutoCloseable {

    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    /** timeout(1) ends the browser even if this JVM dies without closing it. */
    private static final Duration MAX_LIFETIME = Duration.ofMinutes(6);

    private final Path profile;
    private final Path scratch;
    private final Process chromium;
    private final Devtools devtools;
    private HttpServer pageServer;

    private HeadlessChromium(Path profile, Path scratch, Process chromium, Devtools devtools) {
        this.profile = profile;
        this.scratch = scratch;
        this.chromium = chromium;
        this.devtools = devtools;
    }

    /**
     * Serves {@code html} at {@code http://127.0.0.1:<port>/<name>} and opens it as {@link #open}
     * does; the page server stops with the browser.
     */
    public static HeadlessChromium openPage(String name, String html, Path microphoneWav, List<String> extraFlags)
            throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] page = html.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        try {
            HeadlessChromium browser = open("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name, microphoneWav, extraFlags);
            browser.pageServer = server;
            return browser;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.stop(0);
            throw e;
        }
    }

    /** Opens {@code url} with {@code microphoneWav} as the fake microphone (a looping file); {@code extraFlags} are appended. */
    public static HeadlessChromium open(String url, Path microphoneWav, List<String> extraFlags) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("parley-chromium-");
        // Chromium makes its singleton socket's directory under TMPDIR and leaves it behind when
        // stopped (1,260 of them in /tmp after one day of test runs): a directory of its own is
        // deleted with the profile. Under /tmp, not java.io.tmpdir: the socket's path must stay
        // within a Unix socket's 107 bytes, which a build directory's temporary folder exceeds.
        Path scratch = Files.createTempDirectory(Path.of("/tmp"), "parley-chromium-tmp-");
        List<String> command = new ArrayList<>(List.of("timeout", "-k", "5", String.valueOf(MAX_LIFETIME.toSeconds()),
                "/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--allow-loopback-in-peer-connection", "--disable-features=WebRtcHideLocalIpsWithMdns",
                "--autoplay-policy=no-user-gesture-required", "--use-fake-ui-for-media-stream",
                "--use-fake-device-for-media-stream", "--window-size=900,900"));
        if (microphoneWav != null) {
            command.add("--use-file-for-fake-audio-capture=" + microphoneWav.toAbsolutePath());
        }
        command.addAll(extraFlags);
        command.add(url);
        Process process = null;
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("TMPDIR", scratch.toString());
            process = builder.start();
            String browserWs = awaitDevtools(process);
            String pageWs = awaitPage(browserWs, url);
            return new HeadlessChromium(profile, scratch, process, new Devtools(URI.create(pageWs)));
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (process != null) {
                destroyTree(process);
            }
            deleteTree(profile);
            deleteTree(scratch);
            throw e;
        }
    }

    /**
     * Evaluates {@code expression} in the page (awaiting a promise); returns its value as JSON text
     * ({@code "undefined"} when it has none).
     */
    public String evaluate(String expression) throws IOException {
        JsonObject result = devtools.call("Runtime.evaluate", Json.createObjectBuilder()
                .add("expression", "(async () => JSON.stringify(await (" + expression + ")))()")
                .add("awaitPromise", true).add("returnByValue", true).build());
        if (result.containsKey("exceptionDetails")) {
            throw new IOException("the page threw for " + expression + ": " + result.get("exceptionDetails"));
        }
        JsonObject value = result.getJsonObject("result");
        return value.containsKey("value") ? value.getString("value") : "undefined";
    }

    /** As {@link #evaluate}, for an expression whose value is a string: the string itself. */
    public String evaluateString(String expression) throws IOException {
        String json = evaluate(expression);
        if (!json.startsWith("\"")) {
            return json;
        }
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return ((jakarta.json.JsonString) reader.readValue()).getString();
        }
    }

    /** Waits until the page defines the global function {@code name} (its script has run). */
    public void awaitFunction(String name, Duration timeout) throws IOException, InterruptedException {
        await("typeof " + name + " === 'function'", timeout, "the page defines " + name + "()");
    }

    /**
     * Waits until {@code condition} (a JavaScript boolean expression) holds, polling every 100 ms.
     * A page still loading (its execution context replaced) counts as "not yet".
     */
    public void await(String condition, Duration timeout, String what) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() < end) {
            try {
                if ("true".equals(evaluate("!!(" + condition + ")"))) {
                    return;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("within " + timeout.toSeconds() + " s: " + what + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
    }

    /** A PNG of the page as it looks now. */
    public byte[] screenshot() throws IOException {
        JsonObject shot = devtools.call("Page.captureScreenshot", Json.createObjectBuilder().add("format", "png").build());
        return Base64.getDecoder().decode(shot.getString("data"));
    }

    /** A JavaScript string literal for {@code text}. */
    public static String js(String text) {
        return Json.createValue(text).toString();
    }

    @Override
    public void close() {
        devtools.close();
        destroyTree(chromium);
        if (pageServer != null) {
            pageServer.stop(0);
        }
        deleteTree(profile);
        deleteTree(scratch);
    }

    private static void destroyTree(Process process) {
        // Chromium's helpers (renderer, GPU, audio) are reparented once the browser exits: list them first.
        List<ProcessHandle> helpers = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        helpers.forEach(ProcessHandle::destroyForcibly);
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
            found.completeExceptionally(new IOException("chromium exited before its DevTools endpoint listened"));
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
            try (JsonReader reader = Json.createReader(new StringReader(body))) {
                for (var target : reader.readArray()) {
                    JsonObject t = target.asJsonObject();
                    if ("page".equals(t.getString("type")) && t.getString("url").startsWith(url)) {
                        return t.getString("webSocketDebuggerUrl");
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new IOException("chromium never opened " + url);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }

    /** The DevTools protocol over one page's WebSocket: calls by id, answers matched by id. */
    private static final class Devtools implements WebSocket.Listener {
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private final WebSocket socket;

        Devtools(URI page) throws IOException {
            try {
                socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(page, this).get(15, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IOException("cannot open the DevTools WebSocket " + page + ": " + e.getMessage(), e);
            }
        }

        JsonObject call(String method, JsonObject params) throws IOException {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonObject> reply = new CompletableFuture<>();
            pending.put(id, reply);
            String message = Json.createObjectBuilder().add("id", id).add("method", method).add("params", params).build().toString();
            try {
                // The JDK's WebSocket takes one send at a time.
                synchronized (this) {
                    socket.sendText(message, true).get(10, TimeUnit.SECONDS);
                }
                JsonObject answer = reply.get(60, TimeUnit.SECONDS);
                if (answer.containsKey("error")) {
                    throw new IOException("DevTools refused " + method + ": " + answer.get("error"));
                }
                return answer.getJsonObject("result");
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("no DevTools answer to " + method + ": " + e.getMessage(), e);
            } finally {
                pending.remove(id);
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try (JsonReader reader = Json.createReader(new StringReader(text))) {
                    JsonObject message = reader.readObject();
                    if (message.containsKey("id")) {
                        CompletableFuture<JsonObject> reply = pending.get(message.getInt("id"));
                        if (reply != null) {
                            reply.complete(message);
                        }
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            pending.values().forEach(f -> f.completeExceptionally(new IOException("DevTools closed: " + reason)));
            return null;
        }

        void close() {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                socket.abort();
            }
        }
    }
}
