package dev.parley.conversation;

import dev.parley.conversation.ConversationEvent.SessionEnded;
import dev.parley.conversation.ConversationEvent.UserSpeechStarted;
import dev.parley.conversation.rig.Audio;
import dev.parley.conversation.rig.ScriptedProviders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The production wiring (system clock, serial lane over a pool) on real threads. */
class ConversationsTest {

    @Test
    void aSessionOnRealThreadsHearsSpeechAndEndsWhenClosed() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Conversations conversations = new Conversations(ConversationSettings.defaults(),
                    new ScriptedProviders(150, 50).userSays("hello").providers(), scheduler, pool);
            List<ConversationEvent> events = new CopyOnWriteArrayList<>();
            CountDownLatch ended = new CountDownLatch(1);
            ConversationEngine engine = conversations.open(new AgentAudioOutput() {
                @Override
                public void enqueue(AgentAudioChunk chunk) {
                }

                @Override
                public int flush() {
                    return 0;
                }

                @Override
                public void setPlaybackListener(PlaybackListener listener) {
                }
            }, e -> {
                events.add(e);
                if (e instanceof SessionEnded) {
                    ended.countDown();
                }
            });
            short[] speech = Audio.tone(300);
            for (int at = 0; at < speech.length; at += 320) {
                engine.acceptAudio(speech, at, 320);
            }
            engine.close();
            assertTrue(ended.await(5, TimeUnit.SECONDS), "no SessionEnded: " + events);
            assertEquals(1, events.stream().filter(UserSpeechStarted.class::isInstance).count(), events.toString());
            assertEquals(SessionEndReason.CLOSED, events.stream().filter(SessionEnded.class::isInstance)
                    .map(SessionEnded.class::cast).findFirst().orElseThrow().reason());
        } finally {
            scheduler.shutdownNow();
            pool.shutdownNow();
        }
    }
}
