package dev.parley.kms.gst;

import dev.parley.kms.media.ElementMedia;
import dev.parley.kms.media.PipelineMedia;
import dev.parley.kms.testing.MediaEventLog;
import dev.parley.kms.testing.Tones;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GstPassThroughTest {
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
    void linkedPassThroughsCarryAToneAndStopWhenUnlinked() throws Exception {
        PipelineMedia pipeline = engine.createPipeline("p1");
        MediaEventLog firstEvents = new MediaEventLog();
        MediaEventLog secondEvents = new MediaEventLog();
        GstElementMedia first = (GstElementMedia) pipeline.createPassThrough("p1/a", firstEvents);
        GstElementMedia second = (GstElementMedia) pipeline.createPassThrough("p1/b", secondEvents);
        ByteArrayOutputStream heard = new ByteArrayOutputStream();
        second.addOutputTap(pcm -> {
            synchronized (heard) {
                heard.writeBytes(pcm);
            }
        });
        first.linkAudio(second);

        pushTone(first, 440, 1000);
        byte[] received;
        synchronized (heard) {
            received = heard.toByteArray();
        }
        assertTrue(received.length > RawAudio.RATE * RawAudio.BYTES_PER_FRAME / 2,
                "at least half of one second arrived, got " + received.length + " bytes");
        assertEquals(440, Tones.dominantFrequency(Tones.firstChannel(received, 2), RawAudio.RATE, 200, 2000, 5));
        assertTrue(secondEvents.await("flowIn true"::equals, 1000));
        assertTrue(firstEvents.await("flowOut true"::equals, 1000));

        first.unlinkAudio(second);
        Thread.sleep(100);
        int before;
        synchronized (heard) {
            before = heard.size();
        }
        pushTone(first, 440, 200);
        synchronized (heard) {
            assertEquals(before, heard.size(), "nothing arrives after unlink");
        }
        assertTrue(secondEvents.await("flowIn false"::equals, 5000), "NOT_FLOWING after the input stops");

        pipeline.close();
        assertEquals(0, engine.openPipelines());
        assertEquals(0, engine.openElements());
    }

    @Test
    void closingAPipelineReleasesItsElementsAndIsIdempotent() {
        PipelineMedia pipeline = engine.createPipeline("p2");
        ElementMedia element = pipeline.createPassThrough("p2/a", new MediaEventLog());
        assertEquals(1, engine.openElements());
        pipeline.close();
        pipeline.close();
        element.close();
        assertEquals(List.of(0, 0), List.of(engine.openPipelines(), engine.openElements()));
    }

    static void pushTone(GstElementMedia element, double hz, int millis) throws InterruptedException {
        long offset = 0;
        for (int sent = 0; sent < millis; sent += 20) {
            element.pushInput(Tones.sine(hz, RawAudio.RATE, 2, 20, offset, 0.5));
            offset += RawAudio.RATE / 50;
            Thread.sleep(20);
        }
        Thread.sleep(200);
    }
}
