package dev.parley.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.e2e.PageRecording.Event;
import dev.parley.e2e.PageRecording.Level;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A person talking to Parley on the demo page, in headless Chromium, against the running
 * application and media server: the microphone is a WAV of flite asking two questions the default
 * retrieval agent answers. Subclasses say where the application runs.
 */
abstract class BrowserConversationScenarios {

    /** Agent speech is well above this; a silent WebRTC track reads -150 (digital zero) or near it. */
    private static final double SPEECH_DB = -45;
    private static final double SILENCE_DB = -65;

    private Path audioDir;

    /** The demo page, e.g. http://127.0.0.1:8080/parley/index.html. */
    abstract URI demoPage();

    @BeforeEach
    void makeAudioDir() throws Exception {
        audioDir = SpokenWav.tempDir();
    }

    @AfterEach
    void deleteAudio() throws Exception {
        try (var files = Files.list(audioDir)) {
            files.forEach(p -> p.toFile().delete());
        }
        Files.deleteIfExists(audioDir);
    }

    @Test
    void theWidgetHoldsATwoTurnConversationWithCaptionsAudioAndEventsInOrder() throws Exception {
        Path microphone = new SpokenWav(audioDir)
                .silence(3).say("what is your name")
                .silence(11).say("can i interrupt you")
                .silence(20).write("two-questions.wav");
        String token = "e2e-" + UUID.randomUUID();
        try (HeadlessChromium browser = HeadlessChromium.open(demoPage() + "?token=" + token, microphone, List.of())) {
            browser.await("customElements.get('parley-agent') && document.getElementById('agent')", Duration.ofSeconds(30),
                    "the demo page defines <parley-agent>");
            browser.evaluate(PageRecording.INSTALL);
            browser.evaluate("document.getElementById('agent').shadowRoot.querySelector('[data-action=start]').click()");

            browser.await("window.__parleyE2e.events.some(e => e.name === 'state' && e.detail.state === 'listening')"
                    + " || window.__parleyE2e.events.some(e => e.name === 'error' || e.name === 'ended')",
                    Duration.ofSeconds(40), "the call connects; events so far: " + events(browser));
            browser.await("window.__parleyE2e.events.filter(e => e.name === 'metrics').length >= 2"
                            + " || window.__parleyE2e.events.some(e => e.name === 'ended')",
                    Duration.ofSeconds(75), "two agent turns complete; events so far: " + events(browser));
            Thread.sleep(500); // the tail of the second answer in the page's jitter buffer
            browser.evaluate("document.getElementById('agent').shadowRoot.querySelector('[data-action=stop]').click()");
            browser.await("window.__parleyE2e.events.some(e => e.name === 'ended')", Duration.ofSeconds(15),
                    "hanging up ends the call");
            String captions = browser.evaluate("document.getElementById('agent').captions");
            PageRecording page = PageRecording.parse(browser.evaluate(PageRecording.READ));

            assertTrue(page.named("error").isEmpty(), "no parley:error " + page.summary());

            // Captions: the user's words and the agent's answers, both sides, in turn.
            List<Event> userFinals = page.events().stream()
                    .filter(e -> e.signature().equals("transcript:user")).toList();
            assertEquals(2, userFinals.size(), "two questions recognised" + page.summary());
            String firstQuestion = userFinals.get(0).detail().getString("text").toLowerCase(Locale.ROOT);
            String secondQuestion = userFinals.get(1).detail().getString("text").toLowerCase(Locale.ROOT);
            assertTrue(firstQuestion.contains("name"), "first question heard as '" + firstQuestion + "'");
            assertTrue(secondQuestion.contains("interrupt"), "second question heard as '" + secondQuestion + "'");
            String firstAnswer = agentTextBetween(page, userFinals.get(0).atMillis(), userFinals.get(1).atMillis());
            String secondAnswer = agentTextBetween(page, userFinals.get(1).atMillis(), Double.MAX_VALUE);
            assertTrue(firstAnswer.contains("voice assistant"), "the agent says who it is: '" + firstAnswer + "'");
            assertTrue(secondAnswer.contains("interrupt me"), "the agent answers the second question: '" + secondAnswer + "'");
            assertTrue(captions.contains(userFinals.get(0).detail().getString("text")) && captions.contains("voice assistant")
                    && captions.contains("interrupt me"), "the caption region shows both sides: " + captions);

            // Events in order: connect, then per turn user words, thinking, speaking, agent words, metrics; then ended.
            assertSubsequence(List.of("state:connecting", "state:listening",
                    "transcript:user", "state:thinking", "state:speaking", "transcript:agent", "metrics",
                    "transcript:user", "state:thinking", "state:speaking", "transcript:agent", "metrics",
                    "ended:hang-up"), page.signatures());

            // The page hears the agent: loud while it speaks, silent while the user asks.
            List<Event> states = page.named("state");
            int speakingTurns = 0;
            for (int i = 0; i < states.size(); i++) {
                Event s = states.get(i);
                if (!"speaking".equals(s.detail().getString("state"))) {
                    continue;
                }
                double end = i + 1 < states.size() ? states.get(i + 1).atMillis() : page.named("ended").get(0).atMillis();
                List<Level> heard = page.between(s.atMillis() + 300, end + 300);
                assertTrue(PageRecording.loudest(heard) > SPEECH_DB && PageRecording.loudShare(heard, -55) > 0.3,
                        "agent speech audible at " + Math.round(s.atMillis()) + " ms: loudest " + PageRecording.loudest(heard)
                                + " dB, loud share " + PageRecording.loudShare(heard, -55));
                speakingTurns++;
            }
            assertTrue(speakingTurns >= 2, "two speaking turns" + page.summary());
            Event firstThinking = states.stream().filter(e -> "thinking".equals(e.detail().getString("state"))).findFirst().orElseThrow();
            Event connected = states.stream().filter(e -> "listening".equals(e.detail().getString("state"))).findFirst().orElseThrow();
            List<Level> quiet = page.between(connected.atMillis() + 1000, firstThinking.atMillis());
            assertTrue(quiet.size() > 10 && PageRecording.loudest(quiet) < SILENCE_DB,
                    "silence from the agent while the user asks: " + quiet.size() + " samples, loudest " + PageRecording.loudest(quiet) + " dB");
        }
    }

    private static String agentTextBetween(PageRecording page, double from, double to) {
        return String.join(" ", page.events().stream()
                .filter(e -> e.signature().equals("transcript:agent") && e.atMillis() > from && e.atMillis() < to)
                .map(e -> e.detail().getString("text")).toList());
    }

    private static String events(HeadlessChromium browser) {
        try {
            return browser.evaluate("window.__parleyE2e.events.map(e => e.name + ' ' + JSON.stringify(e.detail))");
        } catch (Exception e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    static void assertSubsequence(List<String> expected, List<String> actual) {
        int next = 0;
        for (String a : actual) {
            if (next < expected.size() && expected.get(next).equals(a)) {
                next++;
            }
        }
        assertEquals(expected.size(), next, "events in order: expected " + expected + " as a subsequence of " + actual
                + "; matched up to " + (next < expected.size() ? expected.get(next) : "the end"));
    }
}
