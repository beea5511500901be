package dev.parley.e2e.bench;

import dev.parley.e2e.HeadlessChromium;
import dev.parley.e2e.PageRecording;
import dev.parley.e2e.SpokenWav;
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
 * {@code -Dparley.probe.calls} (default 3). Loopback only: run inside {@code unshare -n}, or
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
            Path microphone = new SpokenWav(dir).silence(2).say("how does it work").silence(30).write("question.wav");
            for (int call = 1; call <= calls; call++) {
                JsonObject m = oneCall(page, microphone);
                System.out.printf("call %d: response latency %d ms (endpointing %d, stt final %d, llm first token %d, tts first audio %d)%n",
                        call, m.getInt("responseLatencyMillis", -1), m.getInt("endpointingMillis", -1), m.getInt("sttFinalMillis", -1),
                        m.getInt("firstTokenMillis", -1), m.getInt("firstTtsAudioMillis", -1));
            }
        } finally {
            SpokenWav.deleteAll(dir);
        }
    }

    private static JsonObject oneCall(String page, Path microphone) throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(page, microphone, List.of())) {
            browser.await("customElements.get('parley-agent') && document.getElementById('agent')", Duration.ofSeconds(60), "the demo page loads");
            browser.evaluate(PageRecording.INSTALL);
            browser.evaluate("document.getElementById('agent').start()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'metrics' && e.detail.responseLatencyMillis >= 0)",
                    Duration.ofSeconds(180), "the agent answers");
            PageRecording recording = PageRecording.parse(browser.evaluate(PageRecording.READ));
            browser.evaluate("document.getElementById('agent').stop()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(30), "the call ends");
            return recording.named("metrics").stream().map(PageRecording.Event::detail)
                    .filter(d -> d.getInt("responseLatencyMillis", -1) >= 0).findFirst().orElseThrow();
        }
    }
}
