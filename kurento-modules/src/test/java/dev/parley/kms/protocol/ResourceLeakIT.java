package dev.parley.kms.protocol;

import com.google.gson.JsonObject;
import dev.parley.kms.support.RawKurentoSocket;
import dev.parley.kms.support.Sdps;
import dev.parley.kms.support.ServerProcess;
import org.junit.jupiter.api.Test;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 100 create/connect/negotiate/release cycles against the shipped server jar, run as its own
 * process, leave nothing behind, by the server's own counts (objects, pipelines, sessions, engine elements, RTP ports, UDP sockets,
 * sockets, file descriptors, threads). Numbers are printed for the record, not timed.
 */
class ResourceLeakIT {
    private static final int CYCLES = 100;
    private static final int WARM_UP_CYCLES = 3;
    /** Thread pools may start one more worker under a burst; a leak would show ~one per cycle. */
    private static final int THREAD_SLACK = 4;

    @Test
    void hundredNegotiatedCallsLeaveNoPipelinesThreadsSocketsOrPortsBehind() throws Exception {
        try (ServerProcess server = ServerProcess.start("--port=0");
             RawKurentoSocket raw = new RawKurentoSocket(server.url())) {
            KurentoClient kurento = KurentoClient.create(server.url());
            try {
            JsonObject during = cycle(kurento, 0, raw);
            assertTrue(during.get("udpSockets").getAsInt() >= 2 && during.get("rtpPortPairs").getAsInt() == 1,
                    "a live call holds UDP sockets, so the count can show a leak: " + during);
            for (int i = 1; i < WARM_UP_CYCLES; i++) {
                cycle(kurento, i, null);
            }
            JsonObject before = raw.diagnostics();
            long started = System.nanoTime();
            for (int i = 0; i < CYCLES; i++) {
                cycle(kurento, i, null);
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            JsonObject after = settled(raw, before);
            System.out.printf("ResourceLeakIT: %d cycles in %d ms (%.1f ms/cycle)%n  before %s%n  after  %s%n",
                    CYCLES, millis, (double) millis / CYCLES, before, after);

            for (String zero : new String[] {"pipelines", "objects", "enginePipelines", "engineElements", "rtpPortPairs"}) {
                assertEquals(0, after.get(zero).getAsInt(), zero + " after " + after);
            }
            for (String same : new String[] {"sessions", "udpSockets", "sockets", "tcpSockets", "connections", "subscriptions"}) {
                assertEquals(before.get(same).getAsInt(), after.get(same).getAsInt(), same + ": " + before + " -> " + after);
            }
            assertTrue(after.get("fileDescriptors").getAsInt() <= before.get("fileDescriptors").getAsInt(), "fds " + before + " -> " + after);
            assertTrue(after.get("threads").getAsInt() <= before.get("threads").getAsInt() + THREAD_SLACK, "threads " + before + " -> " + after);
            assertTrue(after.get("osThreads").getAsInt() <= before.get("osThreads").getAsInt() + THREAD_SLACK, "osThreads " + before + " -> " + after);
            } finally {
                kurento.destroy();
            }
        }
    }

    /**
     * The counts once released sockets and threads are really gone: libnice and GStreamer close
     * some of them a moment after release returns, later still on a loaded machine.
     */
    private static JsonObject settled(RawKurentoSocket raw, JsonObject before) throws Exception {
        JsonObject after = raw.diagnostics();
        for (int i = 0; i < 40 && !atMost(after, before); i++) {
            Thread.sleep(250);
            after = raw.diagnostics();
        }
        return after;
    }

    private static boolean atMost(JsonObject after, JsonObject before) {
        return after.get("fileDescriptors").getAsInt() <= before.get("fileDescriptors").getAsInt()
                && after.get("udpSockets").getAsInt() <= before.get("udpSockets").getAsInt()
                && after.get("osThreads").getAsInt() <= before.get("osThreads").getAsInt() + THREAD_SLACK;
    }

    /** One call's worth of media objects: WebRTC offer/answer between two endpoints, an RTP leg answering a written offer. */
    private static JsonObject cycle(KurentoClient kurento, int i, RawKurentoSocket countsDuringCall) throws InterruptedException {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        WebRtcEndpoint caller = new WebRtcEndpoint.Builder(pipeline).build();
        WebRtcEndpoint callee = new WebRtcEndpoint.Builder(pipeline).build();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        caller.addIceCandidateFoundListener(e -> { });
        caller.connect(rtp);
        rtp.connect(caller);
        caller.processAnswer(callee.processOffer(caller.generateOffer()));
        caller.gatherCandidates();
        rtp.processOffer(Sdps.rtpAudioOffer(20000 + 2 * (i % 1000)));
        JsonObject during = countsDuringCall == null ? null : countsDuringCall.diagnostics();
        pipeline.release();
        return during;
    }
}
