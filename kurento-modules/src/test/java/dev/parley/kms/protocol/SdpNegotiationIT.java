package dev.parley.kms.protocol;

import dev.parley.kms.support.Eventually;
import dev.parley.kms.support.Sdps;
import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kurento.client.IceCandidate;
import org.kurento.client.IceCandidateFoundEvent;
import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaSessionStartedEvent;
import org.kurento.client.RtpEndpoint;
import org.kurento.client.WebRtcEndpoint;
import static dev.parley.kms.support.KmsErrors.assertKmsError;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SdpEndpoint negotiation state machine and trickle ICE (kurento-behaviour §3.3, §3.4). */
class SdpNegotiationIT {
    private static TestServer server;
    private static KurentoClient kurento;
    private MediaPipeline pipeline;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        kurento = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @BeforeEach
    void createPipeline() {
        pipeline = kurento.createMediaPipeline();
    }

    @AfterEach
    void releasePipeline() {
        pipeline.release();
    }


    @Test
    void processOfferAnswersInOfferOrderAndStartsTheMediaSessionLikeKms() throws Exception {
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        AtomicBoolean started = new AtomicBoolean();
        rtp.addMediaSessionStartedListener((MediaSessionStartedEvent e) -> started.set(true));

        String answer = rtp.processOffer(Sdps.rtpAudioOffer(5004));

        assertTrue(answer.startsWith("v=0"), answer);
        assertTrue(answer.contains("m=audio "), answer);
        assertEquals(answer, rtp.getLocalSessionDescriptor());
        assertEquals(Sdps.rtpAudioOffer(5004), rtp.getRemoteSessionDescriptor());
        assertTrue(Eventually.holds(started::get, 5000), "MediaSessionStarted");
    }

    @Test
    void secondProcessOfferIsRefusedWith40208LikeKms() {
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        rtp.processOffer(Sdps.rtpAudioOffer(5004));

        assertKmsError(40208, "SDP_END_POINT_ALREADY_NEGOTIATED", () -> rtp.processOffer(Sdps.rtpAudioOffer(5006)));
        assertKmsError(40208, "SDP_END_POINT_ALREADY_NEGOTIATED", rtp::generateOffer);
    }

    @Test
    void generateOfferTwiceIsRefusedWith40208LikeKms() {
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        String offer = rtp.generateOffer();
        assertTrue(offer.contains("m=audio"), offer);

        assertKmsError(40208, "SDP_END_POINT_ALREADY_NEGOTIATED", rtp::generateOffer);
    }

    @Test
    void emptyOrGarbageSdpIsRefusedWith40201EvenAfterNegotiationLikeKms() {
        RtpEndpoint fresh = new RtpEndpoint.Builder(pipeline).build();
        RtpEndpoint negotiated = new RtpEndpoint.Builder(pipeline).build();
        negotiated.processOffer(Sdps.rtpAudioOffer(5004));

        assertKmsError(40201, "SDP_PARSE_ERROR", () -> fresh.processOffer(""));
        assertKmsError(40201, "SDP_PARSE_ERROR", () -> fresh.processOffer("this is not SDP\r\n"));
        assertKmsError(40201, "SDP_PARSE_ERROR", () -> negotiated.processOffer(""));
        assertKmsError(40201, "SDP_PARSE_ERROR", () -> negotiated.processOffer("v=0\r\n%%%garbage"));
        // the parse check did not consume the fresh endpoint's one negotiation
        assertTrue(fresh.processOffer(Sdps.rtpAudioOffer(5008)).contains("m=audio"));
    }

    @Test
    void processAnswerWithoutAnOfferIsRefusedWith40209LikeKms() {
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        assertKmsError(40209, "SDP_END_POINT_NOT_OFFER_GENERATED", () -> rtp.processAnswer(Sdps.rtpAudioOffer(5004)));
    }

    @Test
    void generateOfferThenProcessAnswerNegotiatesOnceAndASecondAnswerIs40210LikeKms() throws Exception {
        RtpEndpoint offerer = new RtpEndpoint.Builder(pipeline).build();
        RtpEndpoint answerer = new RtpEndpoint.Builder(pipeline).build();
        List<MediaSessionStartedEvent> started = new CopyOnWriteArrayList<>();
        offerer.addMediaSessionStartedListener(started::add);

        String offer = offerer.generateOffer();
        String answer = answerer.processOffer(offer);
        String local = offerer.processAnswer(answer);

        assertEquals(offerer.getLocalSessionDescriptor(), local);
        assertEquals(answer, offerer.getRemoteSessionDescriptor());
        assertTrue(Eventually.holds(() -> started.size() == 1, 5000));
        assertKmsError(40210, "SDP_END_POINT_ANSWER_ALREADY_PROCCESED", () -> offerer.processAnswer(answer));
    }

    @Test
    void descriptorsBeforeNegotiationAre40202And40203LikeKms() {
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
        assertKmsError(40202, "SDP_END_POINT_NO_LOCAL_SDP_ERROR", webRtc::getLocalSessionDescriptor);
        assertKmsError(40203, "SDP_END_POINT_NO_REMOTE_SDP_ERROR", webRtc::getRemoteSessionDescriptor);
    }

    @Test
    void webRtcOfferFromOneEndpointIsAnsweredByAnotherLikeKms() {
        WebRtcEndpoint offerer = new WebRtcEndpoint.Builder(pipeline).build();
        WebRtcEndpoint answerer = new WebRtcEndpoint.Builder(pipeline).build();

        String offer = offerer.generateOffer();
        String answer = answerer.processOffer(offer);
        offerer.processAnswer(answer);

        assertTrue(answer.contains("m=audio"), answer);
        assertEquals(offer, answerer.getRemoteSessionDescriptor());
    }

    @Test
    void candidateForAMissingMLineIsRefusedWith40401LikeKms() {
        WebRtcEndpoint offerer = new WebRtcEndpoint.Builder(pipeline).build();
        WebRtcEndpoint answerer = new WebRtcEndpoint.Builder(pipeline).build();
        answerer.processOffer(offerer.generateOffer());
        IceCandidate beyond = new IceCandidate("candidate:1 1 UDP 2013266431 127.0.0.1 45000 typ host", "7", 7);

        assertKmsError(40401, "ICE_ADD_CANDIDATE_ERROR", () -> answerer.addIceCandidate(beyond));
    }

    @Test
    void earlyAndEmptyCandidatesAreAcceptedLikeKms() {
        WebRtcEndpoint webRtc = new WebRtcEndpoint.Builder(pipeline).build();
        webRtc.addIceCandidate(new IceCandidate("candidate:1 1 UDP 2013266431 127.0.0.1 45000 typ host", "0", 0));
        webRtc.addIceCandidate(new IceCandidate("", "0", 0));
    }

    @Test
    void gatherCandidatesReportsCandidatesThenGatheringDoneLikeKms() throws Exception {
        WebRtcEndpoint offerer = new WebRtcEndpoint.Builder(pipeline).build();
        List<IceCandidateFoundEvent> found = new CopyOnWriteArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        offerer.addIceCandidateFoundListener(found::add);
        offerer.addIceGatheringDoneListener(e -> done.set(true));

        offerer.generateOffer();
        offerer.gatherCandidates();

        assertTrue(Eventually.holds(done::get, 10000), "IceGatheringDone");
        assertFalse(found.isEmpty());
        IceCandidate candidate = found.get(0).getCandidate();
        assertTrue(candidate.getCandidate().startsWith("candidate:"), candidate.getCandidate());
        assertTrue(candidate.getCandidate().contains("127.0.0.1"), candidate.getCandidate());
    }
}
