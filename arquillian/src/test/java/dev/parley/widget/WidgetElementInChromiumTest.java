package dev.parley.widget;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.parley.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The widget element in headless Chromium, without a server: the page replaces WebSocket with a
 * stand-in the test speaks the server's side of the protocol through, so these are the script's
 * real code paths for attributes, moving the element, event names and the live region. A whole
 * call against Parley is VoiceConversationOnPayaraServerIT's.
 */
class WidgetElementInChromiumTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path SCRIPT = Path.of("..", "web", "src", "main", "webapp", "parley-widget.js").toAbsolutePath().normalize();

    private static final String PAGE = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8">""" + StandInSocket.SCRIPT + """
            <script>
            window.events = [];
            for (const n of ['state', 'transcript', 'agent-paused', 'agent-resumed', 'interrupted', 'ended']) {
              for (const name of ['parley:' + n, 'parley-' + n]) {
                document.addEventListener(name, (e) => events.push(name + ' ' + JSON.stringify(e.detail)));
              }
            }
            </script><script src="%s"></script></head>
            <body><div id="a"><parley-agent id="agent" server="http://127.0.0.1:9" echo-cancellation="off"></parley-agent></div><div id="b"></div></body></html>
            """;

    @Test
    void attributesEventsMovingAndTheLiveRegion() throws Exception {
        Path page = Files.createTempFile("parley-widget-test-", ".html");
        try {
            Files.writeString(page, PAGE.formatted(SCRIPT.toUri()));
            String url = page.toUri().toString();
            try (HeadlessChromium browser = HeadlessChromium.open(url, null, List.of())) {
                browser.await("customElements.get('parley-agent') && document.getElementById('agent').shadowRoot", WAIT, "the element");
                String agent = "document.getElementById('agent')";
                String root = agent + ".shadowRoot";

                // Attributes reflect to properties and take effect when changed.
                assertEquals("\"Talk\"", browser.evaluate(root + ".querySelector('[data-action=start]').textContent"));
                browser.evaluate(agent + ".setAttribute('lang', 'de')");
                assertEquals("\"Sprechen\"", browser.evaluate(root + ".querySelector('[data-action=start]').textContent"));
                browser.evaluate(agent + ".labels = {talk: 'Parler'}");
                assertEquals("\"Parler\"", browser.evaluate(root + ".querySelector('[data-action=start]').textContent"));
                browser.evaluate(agent + ".theme = 'dark'");
                assertEquals("\"dark\"", browser.evaluate(agent + ".getAttribute('theme')"));
                browser.evaluate(agent + ".setAttribute('ice-transport-policy', 'relay')");
                assertEquals("\"relay\"", browser.evaluate(agent + ".iceTransportPolicy"));
                assertEquals("true", browser.evaluate(root + ".querySelector('form').hidden"));
                browser.evaluate(agent + ".textInput = true");
                assertEquals("false", browser.evaluate(root + ".querySelector('form').hidden"));
                browser.evaluate("(" + agent + ".lang = 'en', " + agent + ".labels = null)");

                // A call: microphone (Chromium's fake one) and socket; both spellings of every event.
                browser.evaluate(agent + ".start()");
                browser.await("sockets.length === 1 && sockets[0].sent.some(m => m.type === 'hello')", WAIT, "the hello");
                assertEquals("true", browser.evaluate("events.includes('parley:state {\"state\":\"connecting\"}')"
                        + " && events.includes('parley-state {\"state\":\"connecting\"}')"));

                // Moving the element keeps the call (its microphone and socket); removing it ends them.
                browser.evaluate("document.getElementById('b').appendChild(" + agent + ")");
                Thread.sleep(300);
                assertEquals("[true,1,\"connecting\"]", browser.evaluate("[" + agent + ".localStream !== null, sockets.length, "
                        + agent + ".state]"));
                assertEquals("1", browser.evaluate("sockets[0].readyState"));

                // The microphone's processing is what the attributes ask for (echo cancellation off in this
                // page, the others on by default), and follows them on the running call: Chromium cannot
                // change a live track's, so the widget opens the microphone again and the call's sender
                // sends the new track.
                String processing = "(s => [s.echoCancellation, s.noiseSuppression, s.autoGainControl])("
                        + agent + ".localStream.getAudioTracks()[0].getSettings())";
                assertEquals("[false,true,true]", browser.evaluate(processing));
                browser.evaluate("sockets[0].deliver({type: 'ready', iceServers: []})");
                browser.await("sockets[0].sent.some(m => m.type === 'start' && m.sdpOffer)", WAIT, "the offer");
                browser.evaluate("window.firstTrack = " + agent + ".localStream.getAudioTracks()[0]");
                browser.evaluate(agent + ".noiseSuppression = 'off'");
                browser.evaluate(agent + ".setAttribute('auto-gain-control', 'off')");
                assertEquals("[\"off\",\"off\"]", browser.evaluate("[" + agent + ".getAttribute('noise-suppression'), "
                        + agent + ".autoGainControl]"));
                browser.await("JSON.stringify(" + processing + ") === '[false,false,false]'", WAIT,
                        "noise suppression and gain control switched off on the live microphone");
                browser.evaluate(agent + ".echoCancellation = 'on'");
                browser.await("JSON.stringify(" + processing + ") === '[true,false,false]'", WAIT,
                        "echo cancellation switched on, the others kept off");
                assertEquals("[\"ended\",true,1]", browser.evaluate("[firstTrack.readyState, " + agent
                        + "._pc.getSenders()[0].track === " + agent + ".localStream.getAudioTracks()[0], "
                        + agent + "._pc.getSenders().length]"), "the call sends the reopened microphone, the first one is closed");

                // Partials are shown but never reach the live region; finals and agent speech do.
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: true, text: 'what is'})");
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: false, text: 'what is parley'})");
                browser.evaluate("sockets[0].deliver({type: 'state', state: 'speaking'})");
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'agent', partial: false, text: 'A voice agent.'})");
                assertEquals("\"You: what is parley|Agent: A voice agent.\"", browser.evaluate(
                        "[..." + root + ".querySelector('[aria-live=polite]').children].map(c => c.textContent).join('|')"));
                assertEquals("\"off\"", browser.evaluate(root + ".querySelector('.captions').getAttribute('aria-live')"));
                assertEquals("[3,3]", browser.evaluate("[events.filter(e => e.startsWith('parley:transcript ')).length,"
                        + " events.filter(e => e.startsWith('parley-transcript ')).length]"), "the partial is still fired as an event");

                // Paused, resumed and interrupted agent speech are shown and fired.
                browser.evaluate("sockets[0].deliver({type: 'agent-paused'})");
                assertEquals("[\"paused\",\"Paused: go ahead\"]", browser.evaluate("[" + agent + ".agentSpeech, "
                        + root + ".querySelector('.state .label').textContent]"));
                browser.evaluate("sockets[0].deliver({type: 'agent-resumed'})");
                assertEquals("[\"speaking\",\"Speaking\"]", browser.evaluate("[" + agent + ".agentSpeech, "
                        + root + ".querySelector('.state .label').textContent]"));
                browser.evaluate("sockets[0].deliver({type: 'interrupted', heardText: 'A voice'})");
                assertEquals("\"Interrupted\"", browser.evaluate(root + ".querySelector('.state .label').textContent"));
                assertEquals("true", browser.evaluate("['parley:agent-paused {}', 'parley-agent-paused {}', 'parley:agent-resumed {}',"
                        + " 'parley-agent-resumed {}', 'parley-interrupted {\"heardText\":\"A voice\"}'].every(e => events.includes(e))"));

                // The user goes on after a pause the agent took as the end of the turn: the whole turn's
                // words replace its first part's caption, and the withdrawn answer's caption goes.
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: false, text: 'can you tell me'})");
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'agent', partial: false, text: 'Sorry, I do not know.'})");
                browser.evaluate("sockets[0].deliver({type: 'interrupted', heardText: ''})");
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: true, text: 'can you tell me what', continued: true})");
                browser.evaluate("sockets[0].deliver({type: 'transcript', speaker: 'user', partial: false,"
                        + " text: 'can you tell me what voice do you use', continued: true})");
                assertEquals("\"user: what is parley|agent: A voice agent.|user: can you tell me what voice do you use\"", browser.evaluate(
                        agent + ".captions.map(c => c.speaker + ': ' + c.text + (c.partial ? ' …' : '')).join('|')"));
                assertEquals("true", browser.evaluate("events.includes('parley:transcript {\"speaker\":\"user\",\"partial\":false,"
                        + "\"text\":\"can you tell me what voice do you use\",\"continued\":true}')"));

                browser.evaluate(agent + ".remove()");
                browser.await(agent.replace("document.getElementById('agent')", "document.querySelector('parley-agent')") + " === null", WAIT, "removed");
                browser.await("sockets[0].readyState === 3", WAIT, "a removed element closes its socket");
            }
        } finally {
            Files.deleteIfExists(page);
        }
    }
}
