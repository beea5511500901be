package dev.parley.session;

import dev.parley.conversation.ConversationEvent.AgentText;
import dev.parley.conversation.ConversationEvent.FinalTranscript;
import dev.parley.conversation.ConversationEvent.StateChanged;
import dev.parley.conversation.ConversationEvent.TurnCompleted;
import dev.parley.conversation.ConversationState;
import dev.parley.conversation.SessionEndCause;
import dev.parley.media.KurentoConnection;
import dev.parley.media.MediaServerProcess;
import dev.parley.media.MediaSettings;
import dev.parley.rtp.BridgeCounters;
import dev.parley.rtp.pacing.AudioTag;
import dev.parley.rtp.pacing.QueuedAudio;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real call: headless Chromium (fake microphone) ⇄ the media server, in its own process ⇄ the
 * RTP bridge ⇄ the conversation engine with the embedded providers. The browser records what it
 * hears, so the agent's answer is checked by what it says and the flush by when it falls silent.
 */
class VoiceSessionBrowserTest {

    private static MediaServerProcess server;
    private static SessionTestKit kit;
    private static KurentoConnection connection;
    private static SessionRegistry registry;
    private static final List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = MediaServerProcess.start();
        kit = new SessionTestKit();
        connection = new KurentoConnection(MediaSettings.defaults(server.url()));
        registry = new SessionRegistry(kit.context(connection), ended::add);
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (registry != null) {
                registry.closeAll();
            }
            if (connection != null) {
                connection.close();
            }
            if (kit != null) {
                kit.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void aQuestionSpokenInTheBrowserIsRecognisedAndTheAgentsSpokenAnswerIsHeardThere() throws Exception {
        Path microphone = SessionTestKit.spokenWav("what is your name", 3, 40);
        EventLog events = new EventLog();
        BrowserCall call = new BrowserCall();
        try (ChromiumCaller browser = ChromiumCaller.launch(microphone)) {
            VoiceSession session = registry.open(call, events, ClientInfo.UNKNOWN);
            try {
                long connectMillis = call.connect(browser, session);

                FinalTranscript question = events.await(FinalTranscript.class, t -> !t.text().isBlank(), 30_000)
                        .orElseThrow(() -> new AssertionError("no transcript of the browser's speech; events " + events.all()
                                + ", bridge " + session.bridgeCounters()));
                String heardQuestion = question.text().toLowerCase(Locale.ROOT);
                assertTrue(heardQuestion.contains("your name"),
                        "the recogniser heard the browser's question: '" + question.text() + "'");

                events.await(StateChanged.class, s -> s.to() == ConversationState.SPEAKING, 20_000)
                        .orElseThrow(() -> new AssertionError("the agent never spoke; events " + events.all()));
                browser.clearCapture();
                events.await(TurnCompleted.class, t -> true, 40_000)
                        .orElseThrow(() -> new AssertionError("the reply never finished; events " + events.all()));
                Thread.sleep(600); // what is still in the browser's jitter buffer
                short[] heard = browser.capturedPcm();
                String agentText = events.all().stream().filter(AgentText.class::isInstance).map(e -> ((AgentText) e).text())
                        .collect(Collectors.joining(" "));
                String recognised = kit.recognizer.recognize(heard).toLowerCase(Locale.ROOT);
                Set<String> said = words(agentText);
                Set<String> recognisedWords = words(recognised);
                recognisedWords.retainAll(said);
                recognisedWords.removeAll(Set.of("i", "i'm", "a", "the", "is", "it", "and", "to", "in", "for", "of", "you", "while", "from"));
                BridgeCounters counters = session.bridgeCounters();
                System.out.printf("VoiceSessionBrowserTest: connected in %d ms; question heard as '%s'; agent said '%s';%n"
                        + "  browser heard %.1f s, recognised as '%s'; content words in common %s; bridge %s; browser %s%n",
                        connectMillis, question.text(), agentText, heard.length / 16_000.0, recognised, recognisedWords, counters,
                        browser.inboundAudioStats());

                assertTrue(heard.length > 16_000, "the browser heard more than a second of audio");
                assertTrue(recognisedWords.size() >= 2, "the browser heard the agent's words: recognised '" + recognised
                        + "' for '" + agentText + "'; browser " + browser.inboundAudioStats());
                assertTrue(counters.received() > 50 && counters.sent() > 50, "audio went both ways through the bridge: " + counters);
            } finally {
                session.close();
            }
            assertEquals(SessionEndCause.HANG_UP, session.endedWith().cause());
        } finally {
            Files.deleteIfExists(microphone);
        }
    }

    @Test
    void afterAFlushNoMoreOfTheFlushedAudioReachesTheBrowser() throws Exception {
        Path microphone = SessionTestKit.silentWav(30);
        BrowserCall call = new BrowserCall();
        try (ChromiumCaller browser = ChromiumCaller.launch(microphone)) {
            VoiceSession session = registry.open(call, new EventLog(), ClientInfo.UNKNOWN);
            try {
                call.connect(browser, session);
                // Eight seconds of a loud 1 kHz tone queued at once, as the engine queues a reply far ahead.
                short[] tone = new short[16_000 * 8];
                for (int i = 0; i < tone.length; i++) {
                    tone[i] = (short) (12_000 * Math.sin(2 * Math.PI * 1000 * i / 16_000.0));
                }
                session.bridge().queueAudio(new AudioTag(1, 0), tone);
                awaitLoudBlocks(browser, 25, 20_000); // 0.4 s of the tone in the browser: it plays
                double flushFrom = browser.pageNowMillis();
                QueuedAudio report = session.bridge().flush();
                double flushTo = browser.pageNowMillis();
                long sentAtFlush = session.bridgeCounters().sent();
                Thread.sleep(2_000);
                List<ChromiumCaller.Level> levels = browser.levels();
                long sentAfter = session.bridgeCounters().sent();

                double loud = 0.1; // the tone plays at rms ~0.26; the browser's loss concealment fades out below this
                double lastLoud = levels.stream().filter(l -> l.rms() > loud).mapToDouble(ChromiumCaller.Level::pageMillis).max().orElse(-1);
                double firstLoud = levels.stream().filter(l -> l.rms() > loud).mapToDouble(ChromiumCaller.Level::pageMillis).min().orElse(-1);
                double lastBlock = levels.get(levels.size() - 1).pageMillis();
                double quietMax = levels.stream().filter(l -> l.pageMillis() > lastLoud).mapToDouble(ChromiumCaller.Level::rms).max().orElse(0);
                System.out.printf("VoiceSessionBrowserTest: flush dropped %d frames (%.1f s); the browser heard the tone from %.0f ms, "
                        + "flush at %.0f-%.0f ms, last loud block at %.0f ms: stopped %.0f ms after the flush call "
                        + "(then %.0f ms of quiet, max rms %.4f); RTP packets sent after the flush: %d%n",
                        report.frames(), report.samples() / 16_000.0, firstLoud, flushFrom, flushTo, lastLoud,
                        lastLoud - flushFrom, lastBlock - lastLoud, quietMax, sentAfter - sentAtFlush);

                double loudestBefore = levels.stream().filter(l -> l.pageMillis() < flushFrom).mapToDouble(ChromiumCaller.Level::rms).max().orElse(0);
                System.out.printf("  loudest block before the flush: rms %.4f; bridge %s; browser %s%n", loudestBefore,
                        session.bridgeCounters(), browser.inboundAudioStats());
                assertTrue(report.frames() > 200, "most of the tone was still queued: " + report);
                assertTrue(firstLoud > 0 && firstLoud < flushFrom, "the browser heard the tone before the flush");
                assertTrue(lastLoud < flushFrom + 1_000, "the tone stopped in the browser within a second of the flush");
                assertTrue(lastBlock - lastLoud > 1_000, "and stayed silent afterwards");
                double tail = levels.stream().filter(l -> l.pageMillis() > lastBlock - 1_000).mapToDouble(ChromiumCaller.Level::rms).max().orElse(1);
                assertTrue(tail < 0.02, "nothing of the tone in the last second: max rms " + tail);
                assertTrue(sentAfter - sentAtFlush <= 1, "at most the packet in flight left the bridge after the flush");
            } finally {
                session.close();
            }
        } finally {
            Files.deleteIfExists(microphone);
        }
    }

    private static void awaitLoudBlocks(ChromiumCaller browser, int blocks, long timeoutMillis) throws Exception {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        long loud = 0;
        while (System.nanoTime() < deadline) {
            loud = browser.levels().stream().filter(l -> l.rms() > 0.1).count();
            if (loud >= blocks) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the browser heard only " + loud + " loud blocks of the tone in " + timeoutMillis + " ms: "
                + browser.inboundAudioStats());
    }

    private static Set<String> words(String text) {
        return Stream.of(text.toLowerCase(Locale.ROOT).split("[^a-z']+")).filter(w -> !w.isBlank()).collect(Collectors.toSet());
    }
}
