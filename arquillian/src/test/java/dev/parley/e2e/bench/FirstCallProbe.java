package dev.parley.e2e.bench;

import dev.parley.e2e.PageRecording;
import dev.parley.e2e.SpokenWav;
import dev.parley.testing.HeadlessChromium;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Measures the first calls to an already running Parley (e.g. under {@code ./parley run}): each
 * call asks one question in headless Chromium and prints the server's timings of the answer (its
 * parley:metrics event), so the first call after a start can be compared with later ones.
 * {@code -Dparley.probe.page} (default {@code http://127.0.0.1:8080/parley/}) and
 * {@code -Dparley.probe.calls} (default 3); {@code -Dparley.probe.verbose=true} prints each call's
 * whole metrics event too. Loopback only: run inside {@code unshare -n}, or
 * {@code nsenter -n} into the namespace the server runs in.
 */
public final class FirstCallProbe {

    private FirstCallProbe() {
    }

    public static void main(String[] args) throws Exception {
        String page = System.getProperty("parley.probe.page", "http://127.0.0.1:8080/parley/");
        int calls = Integer.getInteger("parley.probe.calls", 3);
        Path dir = Files.createTempDirectory("parley-first-call-");
        try {
            Path microphone = new SpokenWav(dir).silence(2).say("how does it work").silence(6).write("question.wav");
            for (int call = 1; call <= calls; call++) {
                JsonObject m = oneCall(page, microphone);
                System.out.printf("call %d: response latency %d ms (endpointing %d, stt final %d, llm first token %d, tts first audio %d)%n",
                        call, m.getInt("responseLatencyMillis", -1), m.getInt("endpointingMillis", -1), m.getInt("sttFinalMillis", -1),
                        m.getInt("firstTokenMillis", -1), m.getInt("firstTtsAudioMillis", -1));
                if (Boolean.getBoolean("parley.probe.verbose")) {
                    System.out.println("  " + m);
                }
            }
        } finally {
            SpokenWav.deleteAll(dir);
        }
    }

    /**
     * Chromium plays the fake microphone's file from the moment the page opens it, whether the call
     * can hear it yet or not: on a loaded machine (load average 20) the media path came up 4 to 5 s
     * after that, so a question asked at 2 s was lost, and one asked only every 33 s came after the
     * agent's idle prompt had ended the call. Like a person, the probe speaks once the call is
     * connected (the microphone stays muted until the widget's peer connection is), asking every 9 s
     * until it has been heard once (then muted again, so the repeat cannot cut into the answer).
     */
    private static final String SPEAK_WHEN_CONNECTED = """
            (() => {
              const agent = document.getElementById('agent');
              const probe = window.__parleyProbe = { muted: false, unmutedAt: -1, heard: false };
              probe.timer = setInterval(() => {
                const connected = agent._pc && agent._pc.connectionState === 'connected';
                if (agent._mic && !connected && probe.unmutedAt < 0 && !probe.muted) {
                  agent.setMuted(true);
                  probe.muted = true;
                } else if (connected && probe.muted && !probe.heard) {
                  agent.setMuted(false);
                  probe.muted = false;
                  probe.unmutedAt = performance.now();
                }
              }, 10);
              agent.addEventListener('parley:transcript', e => {
                if (e.detail.speaker === 'user' && !e.detail.partial && !probe.heard) {
                  probe.heard = true;
                  agent.setMuted(true);
                  probe.muted = true;
                }
              });
              return true;
            })()""";

    private static JsonObject oneCall(String page, Path microphone) throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(page, microphone, List.of())) {
            browser.await("customElements.get('parley-agent') && document.getElementById('agent')", Duration.ofSeconds(60), "the demo page loads");
            browser.evaluate(PageRecording.INSTALL);
            browser.evaluate(SPEAK_WHEN_CONNECTED);
            browser.evaluate("document.getElementById('agent').start()");
            try {
                browser.await("window.__parleyE2e.events.some(e => e.name === 'metrics' && e.detail.responseLatencyMillis >= 0)",
                        Duration.ofSeconds(180), "the agent answers");
            } catch (AssertionError e) {
                // What the page saw (signalling errors, states, transcripts) is what tells an unanswered call's cause.
                PageRecording seen = PageRecording.parse(browser.evaluate(PageRecording.READ));
                StringBuilder events = new StringBuilder();
                for (PageRecording.Event event : seen.events()) {
                    if (!event.signature().endsWith(":partial")) {
                        events.append(String.format("%n    %.0f ms %s %s", event.atMillis(), event.name(), event.detail()));
                    }
                }
                StringBuilder loud = new StringBuilder();
                double from = -1;
                double last = -1;
                for (PageRecording.Level level : seen.microphone()) {
                    if (level.db() > -35) {
                        if (from < 0) {
                            from = level.atMillis();
                        }
                        last = level.atMillis();
                    } else if (from >= 0 && level.atMillis() - last > 300) {
                        loud.append(String.format(" %.0f-%.0f", from, last));
                        from = -1;
                    }
                }
                if (from >= 0) {
                    loud.append(String.format(" %.0f-%.0f", from, last));
                }
                events.append(String.format("%n    microphone louder than -35 dBFS (ms):%s; unmuted at %s ms", loud,
                        browser.evaluate("window.__parleyProbe.unmutedAt")));
                throw new AssertionError(e.getMessage() + "; the page saw " + seen.events().size() + " events, loudest microphone "
                        + Math.round(PageRecording.loudest(seen.microphone())) + " dBFS, loudest agent audio "
                        + Math.round(PageRecording.loudest(seen.levels())) + " dBFS:" + events, e);
            }
            PageRecording recording = PageRecording.parse(browser.evaluate(PageRecording.READ));
            browser.evaluate("document.getElementById('agent').stop()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(30), "the call ends");
            return recording.named("metrics").stream().map(PageRecording.Event::detail)
                    .filter(d -> d.getInt("responseLatencyMillis", -1) >= 0).findFirst().orElseThrow();
        }
    }
}
