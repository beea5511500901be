package dev.parley.kms.bench;

import org.kurento.client.Composite;
import org.kurento.client.HubPort;
import org.kurento.client.IceCandidate;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One Parley audio session as the application builds it: WebRtcEndpoint ⇄ RtpEndpoint, both also
 * into a Composite, and a third HubPort into a recording RecorderEndpoint. The RTP side is a
 * {@link MarkerPeer}; the WebRTC side is Chromium or, for load, a stand-in browser: a second
 * pipeline (WebRtcEndpoint ⇄ RtpEndpoint ⇄ MarkerPeer) negotiated with this one over loopback.
 */
final class BenchSession implements AutoCloseable {
    final MediaPipeline pipeline;
    final WebRtcEndpoint webrtc;
    final RtpEndpoint rtp;
    final RecorderEndpoint recorder;
    final MarkerPeer rtpPeer;
    private MediaPipeline standIn;
    private MarkerPeer standInPeer;

    BenchSession(KurentoClient kurento, String recordingUri) throws Exception {
        pipeline = kurento.createMediaPipeline();
        webrtc = new WebRtcEndpoint.Builder(pipeline).build();
        rtp = new RtpEndpoint.Builder(pipeline).build();
        Composite composite = new Composite.Builder(pipeline).build();
        HubPort browserPort = new HubPort.Builder(composite).build();
        HubPort agentPort = new HubPort.Builder(composite).build();
        HubPort recordingPort = new HubPort.Builder(composite).build();
        recorder = new RecorderEndpoint.Builder(pipeline, recordingUri).withMediaProfile(MediaProfileSpecType.WEBM_AUDIO_ONLY).build();
        webrtc.connect(rtp, MediaType.AUDIO);
        rtp.connect(webrtc, MediaType.AUDIO);
        webrtc.connect(browserPort, MediaType.AUDIO);
        rtp.connect(agentPort, MediaType.AUDIO);
        recordingPort.connect(recorder, MediaType.AUDIO);
        rtpPeer = new MarkerPeer();
        rtpPeer.remoteDescription(rtp.processOffer(rtpPeer.offer()));
        recorder.record();
    }

    /** Negotiates the WebRtcEndpoint with a stand-in browser pipeline whose RTP side is a steady-tone peer. */
    void connectStandInBrowser(KurentoClient kurento, java.util.concurrent.ScheduledExecutorService senders) throws Exception {
        standIn = kurento.createMediaPipeline();
        WebRtcEndpoint browser = new WebRtcEndpoint.Builder(standIn).build();
        RtpEndpoint browserRtp = new RtpEndpoint.Builder(standIn).build();
        browser.connect(browserRtp, MediaType.AUDIO);
        browserRtp.connect(browser, MediaType.AUDIO);
        standInPeer = new MarkerPeer();
        standInPeer.remoteDescription(browserRtp.processOffer(standInPeer.offer()));
        CountDownLatch connected = new CountDownLatch(1);
        webrtc.addConnectionStateChangedListener(e -> {
            if (e.getNewState() == org.kurento.client.ConnectionState.CONNECTED) {
                connected.countDown();
            }
        });
        browser.addIceCandidateFoundListener(e -> webrtc.addIceCandidate(copy(e.getCandidate())));
        webrtc.addIceCandidateFoundListener(e -> browser.addIceCandidate(copy(e.getCandidate())));
        browser.processAnswer(webrtc.processOffer(browser.generateOffer()));
        browser.gatherCandidates();
        webrtc.gatherCandidates();
        if (!connected.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("stand-in browser did not connect");
        }
        standInPeer.start(senders, 0, 0);
        rtpPeer.start(senders, 0, 0);
    }

    private static IceCandidate copy(IceCandidate c) {
        return new IceCandidate(c.getCandidate(), c.getSdpMid(), c.getSdpMLineIndex());
    }

    /** Packets received and lost by this session's peers (both directions). */
    long[] receivedAndLost() {
        long received = rtpPeer.received() + (standInPeer == null ? 0 : standInPeer.received());
        long lost = rtpPeer.lost() + (standInPeer == null ? 0 : standInPeer.lost());
        return new long[] {received, lost};
    }

    void clearCounts() {
        rtpPeer.clearMarks();
        if (standInPeer != null) {
            standInPeer.clearMarks();
        }
    }

    @Override
    public void close() {
        try {
            pipeline.release();
            if (standIn != null) {
                standIn.release();
            }
        } finally {
            rtpPeer.close();
            if (standInPeer != null) {
                standInPeer.close();
            }
        }
    }
}
