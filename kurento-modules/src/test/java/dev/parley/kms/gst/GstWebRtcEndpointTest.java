package dev.parley.kms.gst;

import dev.parley.kms.media.PipelineMedia;
import dev.parley.kms.media.WebRtcMedia;
import dev.parley.kms.media.WebRtcOptions;
import dev.parley.kms.testing.MediaEventLog;
import dev.parley.kms.testing.Tones;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GstWebRtcEndpointTest {
    private static GstMediaEngine engine;

    @BeforeAll
    static void startEngine() {
        engine = new GstMediaEngine(GstEngineConfig.defaults());
    }

    @AfterAll
    static void stopEngine() {
        engine.close();
    }

    @Test
    void twoEndpointsNegotiateOverLoopbackAndCarryATone() throws Exception {
        PipelineMedia pipeline = engine.createPipeline("p");
        MediaEventLog offererEvents = new MediaEventLog();
        MediaEventLog answererEvents = new MediaEventLog();
        WebRtcMedia offerer = pipeline.createWebRtcEndpoint("p/offerer", WebRtcOptions.defaults(), offererEvents);
        WebRtcMedia answerer = pipeline.createWebRtcEndpoint("p/answerer", WebRtcOptions.defaults(), answererEvents);
        offererEvents.trickleTo(answerer);
        answererEvents.trickleTo(offerer);

        long t0 = System.nanoTime();
        String offer = offerer.generateOffer(true, true);
        long offered = System.nanoTime();
        String answer = answerer.processOffer(offer);
        long answered = System.nanoTime();
        offerer.processAnswer(answer);
        long negotiated = System.nanoTime();
        System.out.printf("generateOffer %d ms, processOffer %d ms, processAnswer %d ms%n", (offered - t0) / 1_000_000,
                (answered - offered) / 1_000_000, (negotiated - answered) / 1_000_000);
        offerer.gatherCandidates();
        answerer.gatherCandidates();

        assertTrue(answer.contains("a=setup:active"), answer);
        assertTrue(answer.contains("m=video 0 "), "video rejected: " + answer);
        assertTrue(offererEvents.await(l -> l.startsWith("connectionState true"), 10_000), offererEvents.lines.toString());
        System.out.printf("negotiation %d ms, connected after %d ms%n",
                (negotiated - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000);

        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        ((GstElementMedia) answerer).addOutputTap(pcm -> {
            synchronized (heard) {
                heard.writeBytes(pcm);
            }
        });
        GstPassThroughTest.pushTone((GstElementMedia) offerer, 523, 1500);
        byte[] received;
        synchronized (heard) {
            received = heard.toByteArray();
        }
        assertTrue(received.length > RawAudio.RATE * RawAudio.BYTES_PER_FRAME / 2, "got " + received.length + " bytes");
        assertEquals(523, Tones.dominantFrequency(Tones.firstChannel(received, 2), RawAudio.RATE, 200, 2000, 1), 2);
        System.out.println("offerer events: " + offererEvents.lines);
        System.out.println("answerer events: " + answererEvents.lines);
        assertTrue(answererEvents.lines.stream().anyMatch(l -> l.equals("flowOut true")));
        assertTrue(answererEvents.lines.stream().anyMatch(l -> l.startsWith("pair ")));
        assertTrue(answererEvents.lines.contains("gatheringDone"));
        pipeline.close();
    }
}
