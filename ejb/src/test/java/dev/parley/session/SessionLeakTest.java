package dev.parley.session;

import com.google.gson.JsonObject;
import dev.parley.conversation.SessionEndCause;
import dev.parley.kms.diagnostics.ProcessResources;
import dev.parley.media.IceCandidateMessage;
import dev.parley.media.IceSignalling;
import dev.parley.media.KurentoConnection;
import dev.parley.media.MediaServerProcess;
import dev.parley.media.MediaSettings;
import org.junit.jupiter.api.Test;
import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.WebRtcEndpoint;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fifty voice sessions opened, negotiated and hung up leave nothing behind, counted on both
 * sides: the media server's pipelines, objects, GStreamer elements, RTP ports, sockets and threads
 * (its own diagnostics, in its own process), and this process's bridge threads, UDP sockets and
 * threads. The browser leg is negotiated against a second WebRtcEndpoint's offer, candidates
 * trickled both ways; no browser is needed to build and tear down the media.
 */
class SessionLeakTest {

    private static final int SESSIONS = 50;
    private static final int WARM_UP = 2;
    /** Pools may start a worker or two more under a burst; a leak would show about one per session. */
    private static final int THREAD_SLACK = 6;

    @Test
    void fiftySessionsOpenedAndClosedLeaveNoPipelinesPortsOrThreadsBehind() throws Exception {
        try (var server = MediaServerProcess.start(); SessionTestKit kit = new SessionTestKit()) {
            KurentoConnection connection = new KurentoConnection(MediaSettings.defaults(server.url()));
            List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();
            SessionRegistry registry = new SessionRegistry(kit.context(connection), ended::add);
            try {
                KurentoClient client = connection.client();
                for (int i = 0; i < WARM_UP; i++) {
                    callAndHangUp(registry, client);
                }
                JsonObject serverBefore = MediaServerProcess.diagnostics(client);
                ProcessResources.Snapshot before = new ProcessResources().snapshot();
                long started = System.nanoTime();
                int candidates = 0;
                for (int i = 0; i < SESSIONS; i++) {
                    candidates += callAndHangUp(registry, client);
                }
                long millis = (System.nanoTime() - started) / 1_000_000;
                JsonObject serverAfter = settled(client, serverBefore);
                ProcessResources.Snapshot after = new ProcessResources().snapshot();
                System.out.printf("SessionLeakTest: %d sessions in %d ms (%.1f ms each), %d server candidates trickled%n"
                        + "  server before %s%n  server after  %s%n  client before %s%n  client after  %s%n",
                        SESSIONS, millis, (double) millis / SESSIONS, candidates, serverBefore, serverAfter, before, after);

                assertEquals(SESSIONS + WARM_UP, ended.size(), "every session reported its end");
                assertTrue(ended.stream().allMatch(e -> e.cause() == SessionEndCause.HANG_UP), "all ended by hang-up: " + ended);
                assertTrue(candidates >= SESSIONS, "the media server trickled candidates to the signalling side: " + candidates);
                assertEquals(0, registry.size(), "no live sessions");
                assertEquals(0, connection.liveSessions(), "no tracked media");
                assertEquals(List.of(), client.getServerManager().getPipelines(), "ServerManager.getPipelines()");
                for (String zero : new String[] {"pipelines", "objects", "enginePipelines", "engineElements", "rtpPortPairs"}) {
                    assertEquals(0, serverAfter.get(zero).getAsInt(), "server " + zero + ": " + serverAfter);
                }
                for (String same : new String[] {"subscriptions", "connections"}) {
                    assertEquals(serverBefore.get(same).getAsInt(), serverAfter.get(same).getAsInt(), "server " + same);
                }
                // Sockets must not grow over the 50 calls (a leak); they may end lower: since the bridge streams
                // silence until hang-up, the media server kept the warm-up's ICE sockets (4 UDP, 1 TCP) open for
                // more than 10 s after it in 3 of 4 runs (load 20-28), all gone by the end.
                for (String notMore : new String[] {"udpSockets", "sockets"}) {
                    assertTrue(serverAfter.get(notMore).getAsInt() <= serverBefore.get(notMore).getAsInt(),
                            "server " + notMore + ": " + serverBefore + " -> " + serverAfter);
                }
                assertTrue(serverAfter.get("threads").getAsInt() <= serverBefore.get("threads").getAsInt() + THREAD_SLACK, "server threads");
                assertEquals(0, SessionTestKit.bridgeThreads(), "bridge threads left in this process");
                assertEquals(before.udpSockets(), after.udpSockets(), "this process's UDP sockets (bridge ports)");
                assertTrue(after.threads() <= before.threads() + THREAD_SLACK, "threads " + before.threads() + " -> " + after.threads());
            } finally {
                registry.closeAll();
                connection.close();
            }
        }
    }

    /**
     * The server's counts once its released sockets are really closed: libnice closes some of them
     * a moment after release returns, later still on a loaded machine (seen: 7 UDP sockets left at
     * the first read at load 20).
     */
    private static JsonObject settled(KurentoClient client, JsonObject before) throws IOException, InterruptedException {
        JsonObject after = MediaServerProcess.diagnostics(client);
        for (int i = 0; i < 40 && (after.get("udpSockets").getAsInt() > before.get("udpSockets").getAsInt()
                || after.get("sockets").getAsInt() > before.get("sockets").getAsInt()); i++) {
            Thread.sleep(250);
            after = MediaServerProcess.diagnostics(client);
        }
        return after;
    }

    /** One session: open, answer a WebRtcEndpoint's offer with candidates both ways, hang up. Returns the server candidates seen. */
    private static int callAndHangUp(SessionRegistry registry, KurentoClient client) throws InterruptedException {
        AtomicInteger fromServer = new AtomicInteger();
        MediaPipeline callerPipeline = client.createMediaPipeline();
        try {
            WebRtcEndpoint caller = new WebRtcEndpoint.Builder(callerPipeline).build();
            List<IceCandidateMessage> toSession = new CopyOnWriteArrayList<>();
            caller.addIceCandidateFoundListener(e -> toSession.add(new IceCandidateMessage(e.getCandidate().getCandidate(),
                    e.getCandidate().getSdpMid(), e.getCandidate().getSdpMLineIndex())));
            IceSignalling ice = new IceSignalling() {
                @Override
                public void sendCandidate(IceCandidateMessage c) {
                    fromServer.incrementAndGet();
                    caller.addIceCandidate(new IceCandidate(c.candidate(), c.sdpMid(), c.sdpMLineIndex()));
                }
            };
            VoiceSession session = registry.open(ice, event -> { }, ClientInfo.UNKNOWN);
            try {
                String offer = caller.generateOffer();
                caller.gatherCandidates();
                String answer = session.answerBrowserOffer(offer);
                assertTrue(answer.startsWith("v=0"), answer);
                caller.processAnswer(answer);
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (fromServer.get() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                toSession.forEach(session::addBrowserCandidate);
            } finally {
                session.close();
            }
        } finally {
            callerPipeline.release();
        }
        return fromServer.get();
    }
}
