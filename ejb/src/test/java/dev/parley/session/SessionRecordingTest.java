package dev.parley.session;

import dev.parley.conversation.SessionEndCause;
import dev.parley.kms.mixing.ToneBurstWav;
import dev.parley.kms.recording.WebmAudio;
import dev.parley.media.KurentoConnection;
import dev.parley.media.MediaServerProcess;
import dev.parley.media.MediaSettings;
import dev.parley.media.RecordingSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 7's "the recording file of a short conversation contains both voices", over a real call:
 * headless Chromium speaks a 440 Hz burst (0.5-1.5 s of every 2 s, the fake microphone loops),
 * the agent side speaks 1.5 s of 1000 Hz queued on the session's bridge, and after hang-up the
 * session's WebM file, decoded by GStreamer, holds both tones. Tones rather than words, so each
 * voice is told apart by frequency in 100 ms windows.
 */
class SessionRecordingTest {

    private static final int BROWSER_HZ = 440;
    private static final int AGENT_HZ = 1000;
    private static final double AGENT_SECONDS = 1.5;
    private static final int WINDOW_MILLIS = 100;

    private static Path recordings;
    private static MediaServerProcess server;
    private static SessionTestKit kit;
    private static KurentoConnection connection;
    private static SessionRegistry registry;
    private static final List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();
    private static final List<SessionObserver.OpenedSession> opened = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        recordings = Files.createTempDirectory("parley-recordings-");
        server = MediaServerProcess.start();
        kit = new SessionTestKit();
        connection = new KurentoConnection(MediaSettings.defaults(server.url())
                .withRecording(new RecordingSettings(true, recordings.toUri().toString())));
        SessionObserver observer = session -> {
            opened.add(session);
            return null; // no conversation events needed here
        };
        registry = new SessionRegistry(kit.context(connection), ended::add, List.of(observer));
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
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (recordings != null) {
                    try (Stream<Path> files = Files.walk(recordings)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                }
            }
        }
    }

    @Test
    void theRecordingOfAShortCallHoldsTheBrowsersAndTheAgentsVoices() throws Exception {
        Path microphone = ToneBurstWav.write(BROWSER_HZ, 0.5, 1.5, 2.0);
        BrowserCall call = new BrowserCall();
        Path file;
        try (ChromiumCaller browser = ChromiumCaller.launch(microphone)) {
            ClientInfo client = new ClientInfo("127.0.0.1", "SessionRecordingTest", "http://127.0.0.1");
            VoiceSession session = registry.open(call, new EventLog(), client);
            // the observers (history, metrics) learn who connected and where the recording goes, before any conversation event
            assertEquals(List.of(new SessionObserver.OpenedSession(session.id(), client, session.media().recordingUri().orElseThrow(), null,
                    session.mediaServer())), opened);
            try {
                file = Path.of(java.net.URI.create(session.media().recordingUri()
                        .orElseThrow(() -> new AssertionError("recording is enabled, yet the session has no recording"))));
                call.connect(browser, session);
                Thread.sleep(2_000); // the recorder starts once the mix flows; let the browser's bursts be recorded first
                short[] tone = new short[(int) (16_000 * AGENT_SECONDS)];
                for (int i = 0; i < tone.length; i++) {
                    tone[i] = (short) (12_000 * Math.sin(2 * Math.PI * AGENT_HZ * i / 16_000.0));
                }
                session.bridge().queueAudio(new dev.parley.rtp.pacing.AudioTag(1, 0), tone);
                Thread.sleep(3_500); // the tone, then more of the browser
                System.out.println("SessionRecordingTest: bridge " + session.bridgeCounters());
            } finally {
                session.close(); // hang-up: stops the recorder and waits for the file to be finished
            }
            assertEquals(SessionEndCause.HANG_UP, session.endedWith().cause());
            VoiceSessionEnded end = ended.get(0);
            assertEquals(session.id(), end.sessionId());
            assertTrue(end.bridge() != null && end.bridge().received() > 100 && end.bridge().sent() > 50,
                    "the end carries the bridge's final counters (the metrics add them up): " + end.bridge());
        } finally {
            Files.deleteIfExists(microphone);
        }

        assertTrue(Files.isRegularFile(file), "the recording " + file + " exists after hang-up");
        assertTrue(WebmAudio.isWebm(file), "the recording is a WebM file");
        double[] audio = WebmAudio.decode(file);
        List<WebmAudio.Window> windows = WebmAudio.windows(audio, WINDOW_MILLIS, BROWSER_HZ, AGENT_HZ);
        String timeline = timeline(windows);
        System.out.printf("SessionRecordingTest: %d bytes, %.1f s recorded; 100 ms windows (m = the browser's 440 Hz, "
                + "a = the agent's 1000 Hz, b = both, . = neither):%n  %s%n", Files.size(file), WebmAudio.seconds(audio), timeline);

        assertTrue(WebmAudio.seconds(audio) > 3.0, "several seconds recorded: " + WebmAudio.seconds(audio) + " s");
        long browserWindows = windows.stream().filter(SessionRecordingTest::hasBrowserTone).count();
        assertTrue(browserWindows >= 10, "the browser's 440 Hz in at least a second of the recording: " + timeline);
        long agentWindows = windows.stream().filter(SessionRecordingTest::hasAgentTone).count();
        System.out.printf("  the agent's tone in %d windows, longest unbroken run %d windows%n", agentWindows, longestRun(windows));
        assertTrue(agentWindows >= 10, "the agent's 1000 Hz in at least a second of the recording: " + timeline);
        // 15 windows of tone, plus partly filled windows at its edges (the tone reaches the mix in a few pieces on a busy machine).
        assertTrue(agentWindows <= AGENT_SECONDS * 1000 / WINDOW_MILLIS + 10,
                "1000 Hz only about as long as the agent spoke it, not from the browser (" + agentWindows + " windows): " + timeline);
        assertTrue(windows.subList(0, 5).stream().noneMatch(SessionRecordingTest::hasAgentTone),
                "no 1000 Hz in the first half second, before the agent spoke: " + timeline);
    }

    private static int longestRun(List<WebmAudio.Window> windows) {
        int longest = 0;
        int run = 0;
        for (WebmAudio.Window w : windows) {
            run = hasAgentTone(w) ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    private static boolean hasBrowserTone(WebmAudio.Window w) {
        return w.rms() > 0.02 && w.powerA() > 0.2 * Math.max(w.powerB(), 1e-9) && w.powerA() > 1.0;
    }

    private static boolean hasAgentTone(WebmAudio.Window w) {
        return w.rms() > 0.02 && w.powerB() > 0.2 * Math.max(w.powerA(), 1e-9) && w.powerB() > 1.0;
    }

    private static String timeline(List<WebmAudio.Window> windows) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < windows.size(); i++) {
            WebmAudio.Window w = windows.get(i);
            boolean browser = hasBrowserTone(w);
            boolean agent = hasAgentTone(w);
            s.append(browser && agent ? 'b' : browser ? 'm' : agent ? 'a' : '.');
            if (i % 10 == 9) {
                s.append(' ');
            }
        }
        return s.toString();
    }
}
