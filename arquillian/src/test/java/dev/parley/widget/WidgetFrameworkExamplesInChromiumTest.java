package dev.parley.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.e2e.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/widget.md's React example, run as written: the test takes its JSX from the document,
 * Babel (in the page) compiles it, React 18 renders it around the real widget script, and a
 * stand-in WebSocket plays the server's side. What the example promises must happen: the element
 * gets its attributes, the handler hears final captions and not partials, and unmounting removes
 * the listener and ends the call.
 */
class WidgetFrameworkExamplesInChromiumTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCRIPT = Path.of("..", "web", "src", "main", "webapp", "parley-widget.js").toAbsolutePath().normalize();
    private static final Path DOC = Path.of("..", "docs", "widget.md").toAbsolutePath().normalize();
    private static final Path LIBRARIES = Path.of("target", "widget-examples-js", "node_modules").toAbsolutePath();

    private static final String PAGE = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><script>
            window.sockets = [];
            window.WebSocket = class {
              static OPEN = 1;
              constructor(url) { this.url = url; this.readyState = 0; this.sent = []; sockets.push(this);
                setTimeout(() => { this.readyState = 1; this.onopen && this.onopen(); }, 0); }
              send(text) { this.sent.push(JSON.parse(text)); }
              close() { this.readyState = 3; }
              deliver(message) { this.onmessage({ data: JSON.stringify(message) }); }
            };
            window.logged = [];
            console.log = (...args) => logged.push(args.join(' '));
            </script>
            <script src="%s"></script><script src="%s"></script><script src="%s"></script><script src="%s"></script>
            </head><body><div id="root"></div></body></html>
            """;

    /** The first ```jsx block after the React heading, as a reader would copy it. */
    static String reactExample(String doc) {
        Matcher m = Pattern.compile("### React\\n.*?```jsx\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "docs/widget.md has a React section with a jsx block");
        return m.group(1);
    }

    @Test
    void theDocumentedReactComponentRendersTheWidgetAndHearsFinalCaptions() throws Exception {
        String jsx = reactExample(Files.readString(DOC));
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

    private static String jsString(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
