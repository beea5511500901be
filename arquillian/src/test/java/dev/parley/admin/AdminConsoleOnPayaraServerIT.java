package dev.parley.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.testing.HeadlessChromium;
import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin console (/parley/admin/) of the real EAR on Payara Server in headless Chromium: wrong
 * credentials are refused and show nothing; the admin's real credentials (the build's test users)
 * list the sessions, open an ended one with its transcript, draw the per-turn latency chart (SVG
 * bars per stage) and play its recording from the turn that is clicked (the audio element's
 * currentTime moves there). The session is a stored one (rows and a WebM file made at test time
 * by GStreamer) because a finished call with a known timeline is what the console shows here.
 */
@ExtendWith(ArquillianExtension.class)
class AdminConsoleOnPayaraServerIT {

    private static final String ADMIN = "ada";
    private static final String ADMIN_PASSWORD = "ada-it-password";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @ArquillianResource
    URL deployedAt;

    @Deployment(testable = false)
    static EnterpriseArchive parleyEar() {
        return ShrinkWrap.createFromZipFile(EnterpriseArchive.class, new File(System.getProperty("parley.ear")));
    }

    @Test
    void anAdminSeesAFinishedCallItsLatencyAndPlaysItFromAClickedTurn() throws Exception {
        String console = "http://127.0.0.1:" + deployedAt.getPort() + "/parley/admin/";
        String id = "console-it-" + UUID.randomUUID();
        Instant started = Instant.now().minusSeconds(120);
        Path recording = Files.createTempFile("parley-console-it-", ".webm");
        try {
            makeRecording(recording, 20);
            try (HeadlessChromium browser = HeadlessChromium.open(console, null, List.of("--window-size=1280,900"))) {
                browser.await("document.getElementById('login') && !document.getElementById('login').hidden", WAIT, "the login form");

                // Refused without the right credentials: no data, the form says why.
                assertEquals("401", browser.evaluate("fetch('../api/v1/sessions', {credentials: 'omit'}).then(r => String(r.status))")
                        .replace("\"", ""));
                logIn(browser, ADMIN, "not-the-password");
                browser.await("document.getElementById('login-error').textContent.length > 0", WAIT, "the refusal is shown");
                assertEquals("true", browser.evaluate("document.getElementById('console').hidden"));

                logIn(browser, ADMIN, ADMIN_PASSWORD);
                browser.await("!document.getElementById('console').hidden", WAIT, "the console after logging in");
                // The stored, finished call, seeded now that the list answered (the store's tables exist); the
                // console's refresh shows it.
                seed(id, started, recording);
                browser.await("document.querySelector('#sessions tr[data-id=\"" + id + "\"]')", WAIT, "the seeded session is listed");
                screenshot(browser, "admin-sessions.png");
                browser.evaluate("document.querySelector('#sessions tr[data-id=\"" + id + "\"]').click()");
                browser.await("document.querySelectorAll('#turns li').length === 2", WAIT, "its two turns");
                browser.await("document.querySelectorAll('#latency svg rect[data-stage]').length >= 8", WAIT, "the latency bars");
                // Turn 1: endpointing 80, STT 20, LLM 60, TTS 40 and the rest of 420 ms to the first packet out.
                assertEquals("[\"endpointing\",\"stt\",\"llm\",\"tts\",\"out\"]", browser.evaluate(
                        "[...document.querySelector('#latency svg').querySelectorAll('rect[data-stage]')].slice(0, 5).map(r => r.dataset.stage)"));
                // Turns stored without a concealed-frames count (as before it was kept) say so.
                assertEquals("\"not recorded\"", browser.evaluate("document.querySelector('#latency-table tr:nth-child(2) td:last-child').textContent"));
                // The call's audio quality beside its latency: 12 of 1012 expected packets lost.
                assertEquals("\"1000 packets received, 12 lost (1.2 %), 3 late, 15 concealed, jitter up to 7.3 ms | 1010 packets sent\"", browser.evaluate(
                        "[...document.querySelectorAll('#facts dt')].filter(dt => dt.textContent.endsWith(' audio'))"
                                + ".map(dt => dt.nextElementSibling.textContent).join(' | ')"));
                browser.await("document.getElementById('player').readyState >= 1", WAIT, "the recording is loaded");
                double duration = Double.parseDouble(browser.evaluate("document.getElementById('player').duration"));
                assertTrue(duration > 15, "a 20 s recording: " + duration);

                double offset = Double.parseDouble(browser.evaluate("+document.querySelectorAll('#turns li')[1].dataset.offset"));
                assertTrue(offset > 5 && offset < duration, "turn 2 lies inside the recording: " + offset);
                browser.evaluate("document.querySelectorAll('#turns li')[1].click()");
                browser.await("Math.abs(document.getElementById('player').currentTime - " + offset + ") < 1.5", WAIT,
                        "the player seeks to turn 2 at " + offset + " s");
                screenshot(browser, "admin-session.png");

                // Problems name their kind: an unknown session and an ended one are both 404, of different types.
                String basic = HeadlessChromium.js("Basic " + java.util.Base64.getEncoder().encodeToString(
                        (ADMIN + ":" + ADMIN_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                assertEquals("\"404 https://parley.dev/problems/unknown-session\"", browser.evaluate(
                        "fetch('../api/v1/sessions/no-such-" + id + "', {headers: {Authorization: " + basic + "}})"
                                + ".then(async r => r.status + ' ' + (await r.json()).type)"));
                assertEquals("\"404 https://parley.dev/problems/session-ended\"", browser.evaluate(
                        "fetch('../api/v1/sessions/" + id + "/say', {method: 'POST', headers: {Authorization: " + basic
                                + ", 'Content-Type': 'application/json'}, body: JSON.stringify({text: 'hello'})})"
                                + ".then(async r => r.status + ' ' + (await r.json()).type)"));
            }
        } finally {
            Files.deleteIfExists(recording);
        }
    }

    private static void logIn(HeadlessChromium browser, String user, String password) throws Exception {
        browser.evaluate("(() => { const f = document.getElementById('login'); f.user.value = " + HeadlessChromium.js(user)
                + "; f.password.value = " + HeadlessChromium.js(password) + "; f.requestSubmit(); return true; })()");
    }

    private static void seed(String id, Instant started, Path recording) throws Exception {
        try (StoredHistory db = new StoredHistory(Path.of(System.getProperty("parley.payaraHome")))) {
            long row = -Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L) - 10;
            db.session(id, "ENDED", started, started.plusSeconds(20), "HANG_UP", "127.0.0.1", "console IT");
            db.callAudio(id, 1000, 12, 3, 15, 7.25, 1010);
            // turn() stores the user's speech 2 s before the turn's end: turns at 2 s and 10 s.
            db.turn(row, id, 1, "what is parley", "Parley is a voice agent.", null, started.plusSeconds(4));
            db.turn(row - 1, id, 2, "tell me more", "It runs on Jakarta EE and", "It runs on", started.plusSeconds(12));
            db.metrics(row, id, 1, 420, -1);
            db.metrics(row - 1, id, 2, 380, 90);
            db.recording(id, recording.toUri().toString(), started);
        }
    }

    /** A WebM/Opus file of {@code seconds} of tone, as the media server records calls. */
    private static void makeRecording(Path file, int seconds) throws Exception {
        Process gst = new ProcessBuilder("gst-launch-1.0", "-q", "audiotestsrc", "num-buffers=" + seconds * 10, "samplesperbuffer=1600",
                "!", "audio/x-raw,rate=16000,channels=1", "!", "audioconvert", "!", "audioresample", "!", "opusenc", "!", "webmmux",
                "!", "filesink", "location=" + file).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gst.waitFor(60, TimeUnit.SECONDS)) {
            gst.destroyForcibly();
            throw new AssertionError("gst-launch-1.0 did not finish the recording");
        }
        assertEquals(0, gst.exitValue(), "gst-launch-1.0 made the recording");
        assertTrue(Files.size(file) > 10_000, "a recording of " + seconds + " s");
    }

    private static void screenshot(HeadlessChromium browser, String name) throws Exception {
        Path dir = Path.of("target", "console-screenshots");
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), browser.screenshot());
    }
}
