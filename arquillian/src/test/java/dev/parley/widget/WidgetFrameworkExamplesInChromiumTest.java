package dev.parley.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.parley.testing.HeadlessChromium;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/widget.md's React and Angular examples, run as written: the test takes their code from the
 * document, Babel (in the page) compiles it, React 18 or Angular (JIT, zoneless) renders it around
 * the real widget script, and a stand-in WebSocket plays the server's side. What each example
 * promises must happen: the element gets its attributes, the handlers hear final captions and not
 * partials (and, in Angular's, the state), and taking the component away ends the call.
 */
class WidgetFrameworkExamplesInChromiumTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCRIPT = Path.of("..", "web", "src", "main", "webapp", "parley-widget.js").toAbsolutePath().normalize();
    private static final Path DOC = Path.of("..", "docs", "widget.md").toAbsolutePath().normalize();
    private static final Path LIBRARIES = Path.of("target", "widget-examples-js", "node_modules").toAbsolutePath();

    /** The server's side of the protocol and a record of console.log, before any script of the page runs. */
    private static final String STAND_INS = StandInSocket.SCRIPT + """
            <script>
            window.logged = [];
            console.log = (...args) => logged.push(args.join(' '));
            </script>
            """;

    private static final String PAGE = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" + STAND_INS + """
            <script src="%s"></script><script src="%s"></script><script src="%s"></script><script src="%s"></script>
            </head><body><div id="root"></div></body></html>
            """;

    /** The first {@code language} code block after {@code heading} in docs/widget.md, as a reader would copy it. */
    static String example(String heading, String language) throws IOException {
        Matcher m = Pattern.compile(Pattern.quote(heading) + "\\n.*?```" + language + "\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(DOC));
        assertTrue(m.find(), "docs/widget.md has a " + language + " block under " + heading);
        return m.group(1);
    }

    @Test
    void theDocumentedReactComponentRendersTheWidgetAndHearsFinalCaptions() throws Exception {
        String jsx = example("### React", "jsx");
        assertTrue(jsx.contains("import { useEffect, useRef } from 'react';") && jsx.contains("import '@parley/widget';")
                && jsx.contains("export function VoiceAgent"), "the example's module lines, which the page provides instead: " + jsx);
        // In the page, React is a global and the widget a script tag; the component is otherwise as written.
        String module = "const { useEffect, useRef } = React;\n" + jsx.replace("import { useEffect, useRef } from 'react';", "")
                .replace("import '@parley/widget';", "").replace("export function VoiceAgent", "function VoiceAgent")
                + "\nwindow.VoiceAgent = VoiceAgent;";
        Path page = Files.createTempFile("parley-react-example-", ".html");
        try {
            Files.writeString(page, PAGE.formatted(LIBRARIES.resolve("react/umd/react.development.js").toUri(),
                    LIBRARIES.resolve("react-dom/umd/react-dom.development.js").toUri(),
                    LIBRARIES.resolve("@babel/standalone/babel.min.js").toUri(), SCRIPT.toUri()));
            try (HeadlessChromium browser = HeadlessChromium.open(page.toUri().toString(), null, List.of())) {
                browser.await("window.React && window.ReactDOM && window.Babel && customElements.get('parley-agent')", WAIT, "the libraries");
                browser.evaluate("(0, eval)(Babel.transform(" + jsString(module) + ", { presets: ['react'] }).code)");
                browser.evaluate("(window.root = ReactDOM.createRoot(document.getElementById('root')),"
                        + " root.render(React.createElement(VoiceAgent, { token: 'portal-token-1' })), true)");
                browser.await("document.querySelector('parley-agent') && document.querySelector('parley-agent').shadowRoot", WAIT,
                        "React rendered the widget");
                String agent = "document.querySelector('parley-agent')";
                assertEquals("[\"https://voice.example.com/parley\",\"portal-token-1\",\"en\",true,false]", browser.evaluate(
                        "[" + agent + ".getAttribute('server'), " + agent + ".getAttribute('token'), " + agent + ".getAttribute('lang'), "
                                + agent + ".textInput, " + agent + ".shadowRoot.querySelector('form').hidden]"),
                        "the attributes the example sets, and its text box shown");

                browser.evaluate(agent + ".start()");
                browser.await("sockets.length === 1 && sockets[0].sent.some(m => m.type === 'hello')", WAIT, "the call's hello");
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: true, text: 'what is'})");
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: false, text: 'what is parley'})");
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'agent', partial: false, text: 'A voice agent.'})");
                assertEquals("[\"user what is parley\",\"agent A voice agent.\"]", browser.evaluate("logged"),
                        "the example's handler logs final captions, never partials");

                browser.evaluate("(root.unmount(), true)");
                browser.await("document.querySelector('parley-agent') === null && sockets[0].readyState === 3", WAIT,
                        "unmounting removes the element, which ends its call");
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: false, text: 'after'})");
                assertEquals("2", browser.evaluate("logged.length"), "the listener went with the component");
            }
        } finally {
            Files.deleteIfExists(page);
        }
    }

    /** Bare module names to files under node_modules (Angular's packages are ES modules: served over HTTP, not file://). */
    private static final String ANGULAR_IMPORT_MAP = """
            <script type="importmap">{"imports": {
              "@angular/core": "/node_modules/@angular/core/fesm2022/core.mjs",
              "@angular/core/primitives/di": "/node_modules/@angular/core/fesm2022/primitives/di.mjs",
              "@angular/core/primitives/signals": "/node_modules/@angular/core/fesm2022/primitives/signals.mjs",
              "@angular/core/primitives/event-dispatch": "/node_modules/@angular/core/fesm2022/primitives/event-dispatch.mjs",
              "@angular/common": "/node_modules/@angular/common/fesm2022/common.mjs",
              "@angular/common/http": "/node_modules/@angular/common/fesm2022/http.mjs",
              "@angular/compiler": "/node_modules/@angular/compiler/fesm2022/compiler.mjs",
              "@angular/platform-browser": "/node_modules/@angular/platform-browser/fesm2022/platform-browser.mjs",
              "rxjs": "/node_modules/rxjs/dist/esm/index.js",
              "rxjs/operators": "/node_modules/rxjs/dist/esm/operators/index.js",
              "tslib": "/node_modules/tslib/tslib.es6.mjs"
            }}</script>
            """;

    private static final String ANGULAR_PAGE = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">" + ANGULAR_IMPORT_MAP
            + STAND_INS + """
            <script src="/parley-widget.js"></script><script src="/node_modules/@babel/standalone/babel.min.js"></script>
            </head><body><app-voice-agent></app-voice-agent></body></html>
            """;

    @Test
    void theDocumentedAngularComponentRendersTheWidgetAndBindsItsKebabCaseEvents() throws Exception {
        String ts = example("### Angular", "ts");
        assertTrue(ts.contains("import '@parley/widget';") && ts.contains("export class VoiceAgentComponent"),
                "the example's module lines: " + ts);
        // JIT needs the compiler loaded before the component's decorator runs; the widget is a script tag.
        String module = "import '@angular/compiler';\n" + ts.replace("import '@parley/widget';", "") + """

                import { createApplication } from '@angular/platform-browser';
                import { provideZonelessChangeDetection } from '@angular/core';
                window.startAngular = async () => {
                  const app = await createApplication({ providers: [provideZonelessChangeDetection()] });
                  const ref = app.bootstrap(VoiceAgentComponent, document.querySelector('app-voice-agent'));
                  ref.setInput('token', 'portal-token-2');
                  ref.changeDetectorRef.detectChanges();
                  window.angularApp = app;
                  return true;
                };
                """;
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getPath();
                byte[] body;
                String type = "text/javascript";
                if (path.equals("/page.html")) {
                    body = ANGULAR_PAGE.getBytes(StandardCharsets.UTF_8);
                    type = "text/html; charset=utf-8";
                } else if (path.equals("/parley-widget.js")) {
                    body = Files.readAllBytes(SCRIPT);
                } else if (path.startsWith("/node_modules/") && !path.contains("..")) {
                    Path file = LIBRARIES.resolve(path.substring("/node_modules/".length()));
                    if (!Files.isRegularFile(file)) {
                        // rxjs's ES modules import "./internal/Observable": a bundler's resolution adds ".js"
                        file = file.resolveSibling(file.getFileName() + ".js");
                    }
                    if (!Files.isRegularFile(file)) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    body = Files.readAllBytes(file);
                } else {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                exchange.getResponseHeaders().set("Content-Type", type);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        try (HeadlessChromium browser = HeadlessChromium.open("http://127.0.0.1:" + server.getAddress().getPort() + "/page.html", null,
                List.of())) {
            browser.await("window.Babel && customElements.get('parley-agent')", WAIT, "Babel and the widget");
            browser.evaluate("(() => { const code = Babel.transform(" + jsString(module) + ", { filename: 'voice-agent.component.ts',"
                    + " presets: ['typescript'], plugins: [['proposal-decorators', { legacy: true }],"
                    + " ['transform-class-properties', { loose: true }]] }).code;"
                    + " return import(URL.createObjectURL(new Blob([code], { type: 'text/javascript' }))).then(() => true); })()");
            assertEquals("true", browser.evaluate("startAngular()"));
            browser.evaluate("(logged.length = 0, true)"); // Angular's own "running in development mode"
            browser.await("document.querySelector('app-voice-agent parley-agent') && document.querySelector('parley-agent').shadowRoot", WAIT,
                    "Angular rendered the widget");
            String agent = "document.querySelector('parley-agent')";
            String state = "document.querySelector('app-voice-agent p').textContent";
            assertEquals("[\"https://voice.example.com/parley\",\"portal-token-2\",true,\"idle\"]", browser.evaluate(
                    "[" + agent + ".getAttribute('server'), " + agent + ".getAttribute('token'), " + agent + ".textInput, " + state + "]"),
                    "the attributes the example sets (the token bound from the input) and its initial state");

            browser.evaluate(agent + ".start()");
            browser.await("sockets.length === 1 && sockets[0].sent.some(m => m.type === 'hello')", WAIT, "the call's hello");
            browser.evaluate("sockets[0].deliver({type: 'state', state: 'listening'})");
            browser.await(state + " === 'listening'", WAIT, "(parley-state) updates the template");
            browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: true, text: 'what is'})");
            browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: false, text: 'what is parley'})");
            assertEquals("[\"user what is parley\"]", browser.evaluate("logged"), "(parley-transcript) logs final captions, never partials");

            browser.evaluate("(angularApp.destroy(), true)");
            browser.await("document.querySelector('parley-agent') === null && sockets[0].readyState === 3", WAIT,
                    "destroying the application removes the element, which ends its call");
        } finally {
            server.stop(0);
        }
    }

    private static String jsString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
