package dev.parley.e2e;

import dev.parley.testing.HeadlessChromium;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Scripted calls on the demo page, for {@code dev.parley.e2e.bench}. */
public final class BrowserRun {

    /**
     * Each question, then the silence after it. After 5 s the next question interrupts the answer
     * (those answers, and the "don't know" one a misrecognised question gets, last over 5 s); the
     * longer silences let the answer finish first.
     */
    private static final Object[][] SCRIPT = {
            {"what is your name", 5.0}, {"can i interrupt you", 13.0},
            {"how does parley work", 5.0}, {"how fast are you", 13.0},
            {"what voice do you use", 5.0}, {"hello", 12.0},
            {"what is kurento", 14.0}, {"does parley work offline", 12.0},
            {"which language model do you use", 5.0}, {"is there an admin api", 14.0},
            {"what is parley", 5.0}, {"thank you", 8.0}};

    private BrowserRun() {
    }

    /**
     * One call through the whole script; returns what the page saw and heard, as the page's JSON
     * ({@link PageRecording#parse} reads it).
     *
     * @param page the demo page with its query (a widget token; echo cancellation off, so that the
     *             file is heard as it is while the agent talks)
     */
    public static String scriptedConversation(String page, Path work, String... installs) throws Exception {
        Path dir = Files.createTempDirectory(work, "call-");
        SpokenWav wav = new SpokenWav(dir).silence(3);
        for (Object[] line : SCRIPT) {
            wav.say((String) line[0]).silence((Double) line[1]);
        }
        return call(page, wav.write("script.wav"), installs);
    }

    /**
     * One call that lasts as long as {@code microphone} plays; returns what the page saw and heard
     * ({@link PageRecording#READ}). Each of {@code installs} is evaluated in the page after
     * {@link PageRecording#INSTALL} and before the call starts (for example a getStats recorder).
     */
    public static String call(String page, Path microphone, String... installs) throws Exception {
        try (HeadlessChromium browser = HeadlessChromium.open(page, microphone, List.of())) {
            browser.await("customElements.get('parley-agent') && document.getElementById('agent')", Duration.ofSeconds(30), "the demo page loads");
            browser.evaluate(PageRecording.INSTALL);
            for (String install : installs) {
                browser.evaluate(install);
            }
            browser.evaluate("document.getElementById('agent').start()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'state' && e.detail.state === 'listening')"
                    + " || window.__parleyE2e.events.some(e => e.name === 'error' || e.name === 'ended')", Duration.ofSeconds(60), "the call connects");
            // the fake microphone starts with the capture, so the whole file plays from here on
            Thread.sleep(Math.round(SpokenWav.seconds(microphone) * 1000) + 2000);
            browser.evaluate("document.getElementById('agent').stop()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(15), "the call ends");
            return browser.evaluate(PageRecording.READ);
        }
    }

    /**
     * A short call asking one question until the agent answers it: the first answer meets the
     * server's cold models (the retrieval model alone takes 2 s to load on an idle machine and 11 s
     * under CI load). It waits for an answer to the recognised question, not just for the agent to
     * speak: the idle prompt ("are you still there?") also makes it speak, without the model.
     */
    public static void warmUp(String page, Path work) throws Exception {
        Path dir = Files.createTempDirectory(work, "warm-up-");
        // Asked twice: a cold server set the call up 3 s after the capture began (the first media
        // server connection), and a question spoken before that is lost. The second comes before
        // the idle timeout (15 s by default) would end the call.
        Path microphone = new SpokenWav(dir).silence(6).say("what is your name").silence(12).say("what is your name")
                .silence(40).write("warm-up.wav");
        try (HeadlessChromium browser = HeadlessChromium.open(page, microphone, List.of())) {
            browser.await("customElements.get('parley-agent') && document.getElementById('agent')", Duration.ofSeconds(30), "the demo page loads");
            browser.evaluate(PageRecording.INSTALL);
            browser.evaluate("document.getElementById('agent').start()");
            browser.await("(() => { const ev = window.__parleyE2e.events;"
                            + " const asked = ev.findIndex(e => e.name === 'transcript' && e.detail.speaker === 'user' && !e.detail.partial);"
                            + " return asked >= 0 && ev.slice(asked).some(e => e.name === 'state' && e.detail.state === 'speaking'); })()",
                    Duration.ofSeconds(120), "the agent answers the warm-up question");
            browser.evaluate("document.getElementById('agent').stop()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(15), "the warm-up call ends");
        } finally {
            try (var files = Files.list(dir)) {
                files.forEach(f -> f.toFile().delete());
            }
            Files.deleteIfExists(dir);
        }
    }
}
