package dev.parley.kms.protocol;

import dev.parley.kms.support.Eventually;
import dev.parley.kms.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kurento.client.ElementConnectedEvent;
import org.kurento.client.KurentoClient;
import org.kurento.client.ListenerSubscription;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaType;
import org.kurento.client.ObjectCreatedEvent;
import org.kurento.client.ObjectDestroyedEvent;
import org.kurento.client.PassThrough;
import org.kurento.client.ServerManager;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** onEvent delivery (kurento-behaviour §1.6): one notification per (session, object, event type). */
class EventsIT {
    private static TestServer server;
    private static KurentoClient kurento;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        kurento = server.client();
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    @Test
    void eachOfTwoListenersHearsAnEventExactlyOnceLikeKms() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        PassThrough source = new PassThrough.Builder(pipeline).build();
        PassThrough sink = new PassThrough.Builder(pipeline).build();
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        source.addElementConnectedListener(e -> first.incrementAndGet());
        source.addElementConnectedListener(e -> second.incrementAndGet());

        source.connect(sink, MediaType.AUDIO);
        assertTrue(Eventually.holds(() -> first.get() >= 1 && second.get() >= 1, 5000));
        // A later event works as a barrier: any duplicate of the first would have arrived before it.
        source.connect(sink, MediaType.VIDEO);
        assertTrue(Eventually.holds(() -> first.get() >= 2 && second.get() >= 2, 5000));
        Thread.sleep(200);

        assertEquals(2, first.get());
        assertEquals(2, second.get());
        pipeline.release();
    }

    @Test
    void removedListenerHearsNothingMoreWhileTheOtherStillDoes() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        PassThrough source = new PassThrough.Builder(pipeline).build();
        PassThrough sink = new PassThrough.Builder(pipeline).build();
        AtomicInteger kept = new AtomicInteger();
        AtomicInteger removed = new AtomicInteger();
        source.addElementConnectedListener(e -> kept.incrementAndGet());
        ListenerSubscription subscription = source.addElementConnectedListener(e -> removed.incrementAndGet());
        source.removeElementConnectedListener(subscription);

        source.connect(sink, MediaType.AUDIO);
        source.connect(sink, MediaType.VIDEO);

        assertTrue(Eventually.holds(() -> kept.get() == 2, 5000));
        assertEquals(0, removed.get());
        pipeline.release();
    }

    @Test
    void eventDataCarriesSourceTagsAndTimestampLikeKms() throws Exception {
        MediaPipeline pipeline = kurento.createMediaPipeline();
        PassThrough source = new PassThrough.Builder(pipeline).build();
        PassThrough sink = new PassThrough.Builder(pipeline).build();
        source.addTag("call", "42");
        List<ElementConnectedEvent> events = new CopyOnWriteArrayList<>();
        source.addElementConnectedListener(events::add);

        source.connect(sink, MediaType.AUDIO);
        assertTrue(Eventually.holds(() -> events.size() == 1, 5000));
        source.setSendTagsInEvents(true);
        source.connect(sink, MediaType.VIDEO);
        assertTrue(Eventually.holds(() -> events.size() == 2, 5000));

        long now = System.currentTimeMillis();
        ElementConnectedEvent untagged = events.get(0);
        ElementConnectedEvent tagged = events.get(1);
        assertEquals(source.getId(), untagged.getSource().getId());
        assertTrue(Math.abs(now - Long.parseLong(untagged.getTimestampMillis())) < 60_000);
        assertTrue(untagged.getTags().isEmpty());
        assertEquals(1, tagged.getTags().size());
        assertEquals("call", tagged.getTags().get(0).getKey());
        assertEquals("42", tagged.getTags().get(0).getValue());
        pipeline.release();
    }

    @Test
    void serverManagerReportsEveryObjectCreatedAndDestroyedLikeKms() throws Exception {
        ServerManager manager = kurento.getServerManager();
        List<String> created = new CopyOnWriteArrayList<>();
        List<String> destroyed = new CopyOnWriteArrayList<>();
        manager.addObjectCreatedListener((ObjectCreatedEvent e) -> created.add(e.getObject().getId()));
        manager.addObjectDestroyedListener((ObjectDestroyedEvent e) -> destroyed.add(e.getObjectId()));

        MediaPipeline pipeline = kurento.createMediaPipeline();
        PassThrough element = new PassThrough.Builder(pipeline).build();
        pipeline.release();

        assertTrue(Eventually.holds(() -> created.containsAll(List.of(pipeline.getId(), element.getId()))
                && destroyed.containsAll(List.of(pipeline.getId(), element.getId())), 5000),
                "created " + created + " destroyed " + destroyed);
    }
}
