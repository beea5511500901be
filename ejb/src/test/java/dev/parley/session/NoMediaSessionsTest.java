package dev.parley.session;

import com.google.gson.JsonObject;
import dev.parley.conversation.SessionEndCause;
import dev.parley.kms.diagnostics.ProcessResources;
import dev.parley.media.KurentoConnection;
import dev.parley.media.MediaServerProcess;
import dev.parley.media.MediaSettings;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: a client that sends {@code start} with an offer and then nothing (no ICE, no DTLS, no
 * audio) held a pipeline, its ports and dozens of media server threads until the conversation's
 * idle limit (about 34 s), and ended as a normal conversation. Twenty-five such sessions must end
 * as {@link SessionEndCause#CLIENT_GONE} within {@code parley.media.no-media-timeout-millis} (the
 * default, 10 s), and the media server's threads, pipelines and ports and this process's bridge
 * threads and sockets must be back where they were.
 */
class NoMediaSessionsTest {

    private static final int SESSIONS = 25;
    /** As SessionLeakTest: pools may keep a worker or two more after a burst; a leak shows many per session. */
    private static final int THREAD_SLACK = 6;

    @Test
    void twentyFiveSessionsWithoutMediaEndAsClientGoneAndReleaseEverything() throws Exception {
        try (var server = MediaServerProcess.start(); SessionTestKit kit = new SessionTestKit()) {
            MediaSettings settings = MediaSettings.defaults(server.url());
            long timeout = settings.noMediaTimeoutMillis();
            KurentoConnection connection = new KurentoConnection(settings);
            List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();
            SessionRegistry registry = new SessionRegistry(kit.context(connection), ended::add);
            try {
                KurentoClient client = connection.client();
                registry.open(new BrowserCall(), event -> { }, ClientInfo.UNKNOWN).close(); // warms the pools
                ended.clear();
                JsonObject serverBefore = MediaServerProcess.diagnostics(client);
                ProcessResources.Snapshot before = new ProcessResources().snapshot();

                long started = System.nanoTime();
                List<VoiceSession> sessions = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    VoiceSession session = registry.open(new BrowserCall(), event -> { }, ClientInfo.UNKNOWN);
                    session.answerBrowserOffer(offerOfAVanishingBrowser(client));
                    sessions.add(session);
                }
                long openedMillis = millisSince(started);
                JsonObject serverPeak = MediaServerProcess.diagnostics(client);
                long lastOpened = System.nanoTime();

                long deadline = System.nanoTime() + timeout * 1_000_000L + 30_000_000_000L;
                while (ended.size() < SESSIONS && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                long allEndedMillis = millisSince(lastOpened);
                JsonObject serverAfter = MediaServerProcess.diagnostics(client);
                for (int i = 0; i < 120 && (serverAfter.get("threads").getAsInt() > serverBefore.get("threads").getAsInt() + THREAD_SLACK
                        || serverAfter.get("udpSockets").getAsInt() > serverBefore.get("udpSockets").getAsInt()); i++) {
                    Thread.sleep(250);
                    serverAfter = MediaServerProcess.diagnostics(client);
                }
                long settledMillis = millisSince(lastOpened);
                ProcessResources.Snapshot after = new ProcessResources().snapshot();
                System.out.printf("NoMediaSessionsTest: %d sessions opened and answered in %d ms; no-media timeout %d ms;%n"
                                + "  all ended %d ms after the last was opened, media server threads back to baseline %d ms after it%n"
                                + "  server threads %d -> %d (peak) -> %d; pipelines peak %d -> %d%n  client before %s%n  client after  %s%n"
                                + "  first end: %s%n",
                        SESSIONS, openedMillis, timeout, allEndedMillis, settledMillis,
                        serverBefore.get("threads").getAsInt(), serverPeak.get("threads").getAsInt(), serverAfter.get("threads").getAsInt(),
                        serverPeak.get("pipelines").getAsInt(), serverAfter.get("pipelines").getAsInt(), before, after,
                        ended.isEmpty() ? null : ended.get(0));

                assertEquals(SESSIONS, ended.size(), "every session ended on its own: " + ended);
                for (VoiceSessionEnded end : ended) {
                    assertEquals(SessionEndCause.CLIENT_GONE, end.cause(), end.detail());
                    assertTrue(end.detail().contains("never reached the media server within " + timeout + " ms"), end.detail());
                }
                assertTrue(sessions.stream().allMatch(VoiceSession::isEnded));
                assertTrue(allEndedMillis < timeout + 10_000, "ended near the timeout, not at the idle limit: " + allEndedMillis + " ms");
                assertEquals(0, registry.size(), "no live sessions");
                assertEquals(0, connection.liveSessions(), "no tracked media");
                for (String zero : new String[] {"pipelines", "objects", "enginePipelines", "engineElements", "rtpPortPairs"}) {
                    assertEquals(0, serverAfter.get(zero).getAsInt(), "server " + zero + ": " + serverAfter);
                }
                assertTrue(serverPeak.get("threads").getAsInt() > serverBefore.get("threads").getAsInt() + SESSIONS,
                        "the sessions did hold media server threads (else this test proves nothing): " + serverPeak);
                assertTrue(serverAfter.get("threads").getAsInt() <= serverBefore.get("threads").getAsInt() + THREAD_SLACK,
                        "server threads back to baseline: " + serverBefore + " -> " + serverAfter);
                assertTrue(settledMillis < timeout + 15_000, "server threads back within " + (timeout + 15_000) + " ms: " + settledMillis);
                assertEquals(0, SessionTestKit.bridgeThreads(), "bridge threads left in this process");
                assertEquals(before.udpSockets(), after.udpSockets(), "this process's UDP sockets (bridge ports)");
            } finally {
                registry.closeAll();
                connection.close();
            }
        }
    }

    /** A real WebRTC offer from a peer that is released at once: its candidates and its media never come. */
    private static String offerOfAVanishingBrowser(KurentoClient client) {
        MediaPipeline pipeline = client.createMediaPipeline();
        try {
            WebRtcEndpoint browser = new WebRtcEndpoint.Builder(pipeline).build();
            return browser.generateOffer();
        } finally {
            pipeline.release();
        }
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
