package dev.parley.session;

import com.google.gson.JsonObject;
import dev.parley.conversation.SessionEndCause;
import dev.parley.kms.diagnostics.ProcessResources;
import dev.parley.kms.support.ConnectionDropper;
import dev.parley.media.KurentoConnection;
import dev.parley.media.MediaServerProcess;
import dev.parley.media.MediaServerStatus;
import dev.parley.media.MediaServerUnavailableException;
import dev.parley.media.MediaSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media server is not there, or dies mid-call: callers get a clear error, readiness says DOWN
 * with the URL, a live call ends with a clear event and releases everything it held here, and
 * once the server is back (a new process on the same port) a new call works.
 */
class MediaServerOutageTest {

    private static final int CLIENT_GONE_MILLIS = 3_000;
    private static SessionTestKit kit;

    @BeforeAll
    static void loadProviders() {
        kit = new SessionTestKit();
    }

    @AfterAll
    static void releaseProviders() throws InterruptedException {
        kit.close();
    }

    @Test
    void aSessionWhileTheMediaServerIsNotRunningFailsQuicklyWithAClearErrorAndReadinessIsDown() throws Exception {
        String url = "ws://127.0.0.1:" + MediaServerProcess.freePort() + "/kurento";
        KurentoConnection connection = new KurentoConnection(MediaSettings.defaults(url));
        List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();
        SessionRegistry registry = new SessionRegistry(kit.context(connection), ended::add);
        ProcessResources.Snapshot before = new ProcessResources().snapshot();
        try {
            long started = System.nanoTime();
            MediaServerUnavailableException error = assertThrows(MediaServerUnavailableException.class,
                    () -> registry.open(new BrowserCall(), new EventLog(), ClientInfo.UNKNOWN));
            long millis = (System.nanoTime() - started) / 1_000_000;
            long startedAgain = System.nanoTime();
            assertThrows(MediaServerUnavailableException.class, () -> registry.open(new BrowserCall(), new EventLog(), ClientInfo.UNKNOWN));
            long againMillis = (System.nanoTime() - startedAgain) / 1_000_000;
            MediaServerStatus status = MediaServerStatus.of(connection);
            ProcessResources.Snapshot after = new ProcessResources().snapshot();
            System.out.printf("MediaServerOutageTest: no server: error after %d ms (then %d ms): %s%n  readiness %s%n",
                    millis, againMillis, error.getMessage(), status);

            assertTrue(error.getMessage().contains(url) && error.getMessage().contains("not reachable"), error.getMessage());
            assertTrue(error.getMessage().contains("Connection refused"), "the cause is named: " + error.getMessage());
            assertTrue(millis < 2L * connection.settings().connectTimeoutMillis(), "within the connect limit: " + millis + " ms");
            assertFalse(status.up());
            assertEquals(url, status.url());
            assertTrue(status.detail().contains("Connection refused"), status.detail());
            assertEquals(0, registry.size());
            assertEquals(List.of(), ended, "no session existed, so none ended");
            assertEquals(0, SessionTestKit.bridgeThreads(), "no bridge threads");
            assertEquals(before.udpSockets(), after.udpSockets(), "no bridge ports left bound");
        } finally {
            connection.close();
        }
    }

    @Test
    void killingTheMediaServerMidCallEndsTheSessionReleasesItAndANewCallWorksOnceItIsBack() throws Exception {
        Path microphone = SessionTestKit.spokenWav("hello there", 1, 4);
        try (MediaServerProcess server = MediaServerProcess.start()) {
            KurentoConnection connection = new KurentoConnection(MediaSettings.defaults(server.url()));
            List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();
            SessionRegistry registry = new SessionRegistry(kit.context(connection), ended::add);
            try {
                ProcessResources.Snapshot before = new ProcessResources().snapshot();
                VoiceSession session;
                try (ChromiumCaller browser = ChromiumCaller.launch(microphone)) {
                    BrowserCall call = new BrowserCall();
                    session = registry.open(call, new EventLog(), ClientInfo.UNKNOWN);
                    call.connect(browser, session);
                    awaitReceived(session, 25);
                    assertTrue(MediaServerStatus.of(connection).up(), "readiness UP during the call");

                    long killedAt = System.nanoTime();
                    server.kill();
                    long deadline = killedAt + 15_000_000_000L;
                    while (!session.isEnded() && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    long endedMillis = (System.nanoTime() - killedAt) / 1_000_000;
                    VoiceSessionEnded end = session.endedWith();
                    MediaServerStatus down = MediaServerStatus.of(connection);
                    ProcessResources.Snapshot afterKill = new ProcessResources().snapshot();
                    System.out.printf("MediaServerOutageTest: killed mid-call: session ended %d ms later: %s%n  readiness %s%n",
                            endedMillis, end, down);

                    assertTrue(end != null && end.cause() == SessionEndCause.MEDIA_SERVER_LOST, "ended for the lost server: " + end);
                    assertTrue(end.detail().contains(server.url()), end.detail());
                    assertTrue(ended.contains(end), "the end was reported");
                    assertEquals(0, registry.size(), "no live sessions");
                    assertEquals(0, connection.liveSessions());
                    assertEquals(0, SessionTestKit.bridgeThreads(), "bridge threads stopped");
                    assertEquals(before.udpSockets(), afterKill.udpSockets(), "bridge ports released");
                    assertFalse(down.up(), "readiness DOWN while the server is gone");
                    assertThrows(MediaServerUnavailableException.class, () -> registry.open(new BrowserCall(), new EventLog(), ClientInfo.UNKNOWN),
                            "a new session while the server is gone fails at once");
                }

                long restartedAt = System.nanoTime();
                server.startAgain();
                // Nothing here asks the connection to dial (no pool, no health rounds): it must come back by itself,
                // within the backoff's next attempts, or, if the Kurento client's loop stalls on the new server,
                // once that client counts as stalled and is replaced.
                long deadline = System.nanoTime() + 30_000_000_000L + 2 * connection.stalledLoopMillis() * 1_000_000L;
                while (connection.state() != KurentoConnection.State.CONNECTED && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                long reconnectMillis = (System.nanoTime() - restartedAt) / 1_000_000;
                assertEquals(KurentoConnection.State.CONNECTED, connection.state(), "the client reconnected to the new server");
                assertTrue(MediaServerStatus.of(connection).up(), "readiness UP again");
                try (ChromiumCaller browser = ChromiumCaller.launch(microphone)) {
                    BrowserCall call = new BrowserCall();
                    VoiceSession again = registry.open(call, new EventLog(), ClientInfo.UNKNOWN);
                    call.connect(browser, again);
                    awaitReceived(again, 25);
                    System.out.printf("MediaServerOutageTest: server back, client reconnected %d ms after the restart began; "
                            + "new call's bridge %s%n", reconnectMillis, again.bridgeCounters());
                    again.close();
                }
                assertEquals(0, connection.client().getServerManager().getPipelines().size(), "no pipelines left on the new server");
            } finally {
                registry.closeAll();
                connection.close();
            }
        } finally {
            Files.deleteIfExists(microphone);
        }
    }

    @Test
    void aDroppedConnectionEndsTheSessionAndItsPipelineIsReleasedWhenTheClientReconnectsToTheSameServer() throws Exception {
        try (MediaServerProcess server = MediaServerProcess.start(); ConnectionDropper network = new ConnectionDropper(server.port())) {
            KurentoConnection connection = new KurentoConnection(MediaSettings.defaults(network.url("kurento")));
            List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();
            SessionRegistry registry = new SessionRegistry(kit.context(connection), ended::add);
            try {
                VoiceSession session = registry.open(new BrowserCall(), new EventLog(), ClientInfo.UNKNOWN);
                assertEquals(1, MediaServerProcess.diagnostics(connection.client()).get("pipelines").getAsInt());

                // A network blip: the connection drops, the server keeps running, the client reconnects at once.
                // (Refusing the reconnection as well is left out: kurento-client 7.1.0 then waits for the WebSocket
                // handshake without a timeout on its reconnect thread and never reconnects; see the report.)
                network.dropAll();
                long deadline = System.nanoTime() + 10_000_000_000L;
                while (!session.isEnded() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertEquals(SessionEndCause.MEDIA_SERVER_LOST, session.endedWith().cause(), "ended when the connection dropped");
                assertEquals(0, SessionTestKit.bridgeThreads(), "its bridge is closed");

                deadline = System.nanoTime() + 20_000_000_000L;
                while ((connection.state() != KurentoConnection.State.CONNECTED || connection.unreleasedPipelines() > 0)
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                JsonObject after = MediaServerProcess.diagnostics(connection.client());
                System.out.printf("MediaServerOutageTest: connection dropped and restored: server after %s%n", after);
                assertEquals(KurentoConnection.State.CONNECTED, connection.state(), "reconnected to the same server");
                assertEquals(0, connection.unreleasedPipelines());
                assertEquals(0, after.get("pipelines").getAsInt(), "the pipeline was released on the server: " + after);
                assertEquals(List.of(session.endedWith()), ended);
            } finally {
                registry.closeAll();
                connection.close();
            }
        }
    }

    @Test
    void aBrowserThatVanishesMidCallEndsItsSessionAsClientGone() throws Exception {
        Path microphone = SessionTestKit.silentWav(30);
        MediaServerProcess server = MediaServerProcess.start();
        KurentoConnection connection = new KurentoConnection(MediaSettings.defaults(server.url()).withClientGoneTimeoutMillis(CLIENT_GONE_MILLIS));
        List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();
        SessionRegistry registry = new SessionRegistry(kit.context(connection), ended::add);
        VoiceSession session;
        try (server; ChromiumCaller browser = ChromiumCaller.launch(microphone)) {
            BrowserCall call = new BrowserCall();
            session = registry.open(call, new EventLog(), ClientInfo.UNKNOWN);
            call.connect(browser, session);
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (session.bridgeCounters().received() < 25 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(session.bridgeCounters().received() >= 25, "the browser's audio flows: " + session.bridgeCounters());
            browser.quit();
            long goneAt = System.nanoTime();
            long endDeadline = goneAt + 40_000_000_000L;
            while (ended.isEmpty() && System.nanoTime() < endDeadline) {
                Thread.sleep(20);
            }
            long endedMillis = (System.nanoTime() - goneAt) / 1_000_000;
            System.out.printf("MediaServerOutageTest: browser gone; session ended %d ms later (timeout %d ms after the media server "
                    + "reported its audio NOT_FLOWING): %s%n", endedMillis, CLIENT_GONE_MILLIS, session.endedWith());
            assertTrue(session.isEnded(), "the session ended after its browser vanished");
            assertEquals(SessionEndCause.CLIENT_GONE, session.endedWith().cause(), session.endedWith().detail());
            assertEquals(List.of(session.endedWith()), ended, "its end was reported");
            assertTrue(registry.find(session.id()).isEmpty(), "and it left the registry");
        } finally {
            registry.closeAll();
            connection.close();
            Files.deleteIfExists(microphone);
        }
    }

    /**
     * KMS §3.2: a WebRtcEndpoint's MediaFlowOut is the browser's media entering the pipeline, its
     * MediaFlowIn the pipeline's media (here the agent's) going to the browser. The agent says
     * nothing in this call; a caller who keeps sending must not be taken for gone.
     */
    @Test
    void aSilentAgentIsNotACallerGoneBecauseBrowserAudioIsTheWebRtcEndpointsMediaFlowOut() throws Exception {
        Path microphone = SessionTestKit.silentWav(30);
        MediaServerProcess server = MediaServerProcess.start();
        KurentoConnection connection = new KurentoConnection(MediaSettings.defaults(server.url()).withClientGoneTimeoutMillis(CLIENT_GONE_MILLIS));
        List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();
        SessionRegistry registry = new SessionRegistry(kit.context(connection), ended::add);
        try (server; ChromiumCaller browser = ChromiumCaller.launch(microphone)) {
            BrowserCall call = new BrowserCall();
            VoiceSession session = registry.open(call, new EventLog(), ClientInfo.UNKNOWN);
            call.connect(browser, session);
            awaitReceived(session, 25);
            // The agent speaks once (1 s of tone): its audio flows to the browser, then stops.
            short[] tone = new short[16_000];
            for (int i = 0; i < tone.length; i++) {
                tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
            }
            session.bridge().queueAudio(new dev.parley.rtp.pacing.AudioTag(1, 0), tone);
            long before = session.bridgeCounters().received();
            // The media server checks flow every 2 s: three timeouts and more without agent audio.
            Thread.sleep(3L * CLIENT_GONE_MILLIS + 4_000);
            assertTrue(session.bridgeCounters().received() > before + 100,
                    "the browser kept sending meanwhile: " + session.bridgeCounters());
            assertTrue(ended.isEmpty(), "a caller whose audio still flows was ended: " + ended);
            assertFalse(session.isEnded(), "the session is still live");
        } finally {
            registry.closeAll();
            connection.close();
            Files.deleteIfExists(microphone);
        }
    }

    private static void awaitReceived(VoiceSession session, int packets) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (session.bridgeCounters().received() < packets && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(session.bridgeCounters().received() >= packets, "the browser's audio reached the bridge: " + session.bridgeCounters());
    }
}
