package dev.parley.kms.gst;

import dev.parley.kms.media.PipelineMedia;
import dev.parley.kms.media.RtpMedia;
import dev.parley.kms.media.RtpOptions;
import dev.parley.kms.media.WebRtcMedia;
import dev.parley.kms.media.WebRtcOptions;
import dev.parley.kms.testing.MediaEventLog;
import dev.parley.kms.testing.RtpPeer;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Released WebRTC and RTP endpoints give back their native threads, descriptors and ports. */
class GstResourceReleaseTest {
    private static final int CYCLES = 8;

    @Test
    void connectedEndpointsLeaveNoThreadsDescriptorsOrPortsBehind() throws Exception {
        try (GstMediaEngine engine = new GstMediaEngine(new GstEngineConfig(List.of(), 32000, 32999, "", 3478, ""))) {
            cycle(engine, 0);
            Thread.sleep(500);
            int threadsBefore = count("/proc/self/task");
            int fdsBefore = count("/proc/self/fd");
            long t0 = System.nanoTime();
            for (int i = 1; i <= CYCLES; i++) {
                cycle(engine, i);
            }
            long perCycle = (System.nanoTime() - t0) / CYCLES / 1_000_000;
            Thread.sleep(500);
            int threadsAfter = count("/proc/self/task");
            int fdsAfter = count("/proc/self/fd");
            System.out.printf("%d cycles, %d ms each; native threads %d -> %d, descriptors %d -> %d%n",
                    CYCLES, perCycle, threadsBefore, threadsAfter, fdsBefore, fdsAfter);
            assertEquals(0, engine.openPipelines());
            assertEquals(0, engine.openElements());
            assertEquals(0, engine.rtpPortPairsInUse());
            assertTrue(threadsAfter - threadsBefore <= 3, "threads " + threadsBefore + " -> " + threadsAfter);
            assertTrue(fdsAfter - fdsBefore <= 4, "descriptors " + fdsBefore + " -> " + fdsAfter);
        }
    }

    /** Two WebRTC endpoints connected over ICE/DTLS, plus an RTP endpoint answering a peer, then released. */
    private static void cycle(GstMediaEngine engine, int i) throws Exception {
        PipelineMedia pipeline = engine.createPipeline("cycle" + i);
        MediaEventLog offererEvents = new MediaEventLog();
        MediaEventLog answererEvents = new MediaEventLog();
        WebRtcMedia offerer = pipeline.createWebRtcEndpoint("cycle" + i + "/a", WebRtcOptions.defaults(), offererEvents);
        WebRtcMedia answerer = pipeline.createWebRtcEndpoint("cycle" + i + "/b", WebRtcOptions.defaults(), answererEvents);
        RtpMedia rtp = pipeline.createRtpEndpoint("cycle" + i + "/rtp", RtpOptions.defaults(), new MediaEventLog());
        offererEvents.trickleTo(answerer);
        answererEvents.trickleTo(offerer);
        offerer.linkAudio(rtp);
        rtp.linkAudio(answerer);
        offerer.processAnswer(answerer.processOffer(offerer.generateOffer(true, false)));
        offerer.gatherCandidates();
        answerer.gatherCandidates();
        try (RtpPeer peer = new RtpPeer()) {
            rtp.processOffer(peer.offer());
        }
        assertTrue(offererEvents.await("connectionState true"::equals, 10_000), offererEvents.lines.toString());
        pipeline.close();
    }

    private static int count(String directory) {
        String[] entries = new File(directory).list();
        return entries == null ? -1 : entries.length;
    }
}
