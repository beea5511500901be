package dev.parley.session;

import dev.parley.conversation.ConversationEvent;
import dev.parley.conversation.SessionEndCause;
import dev.parley.media.KurentoConnection;
import dev.parley.media.MediaServerProcess;
import dev.parley.media.MediaSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The session's maximum duration is timed by its conversation alone: a session opened with a
 * limit (a widget token's, passed on by signalling) ends at it as MAX_DURATION, both in what the
 * store hears ({@link VoiceSessionEnded}) and in the event the widget is told from.
 */
class SessionMaxDurationTest {

    private static final long LIMIT_MILLIS = 1_500;

    @Test
    void aSessionOpenedWithALimitEndsAtItAsMaxDurationStoredAndTold() throws Exception {
        try (var server = MediaServerProcess.start(); SessionTestKit kit = new SessionTestKit()) {
            MediaSettings settings = MediaSettings.defaults(server.url());
            assertTrue(settings.noMediaTimeoutMillis() > LIMIT_MILLIS + 5_000, "the no-media timeout would end it first");
            KurentoConnection connection = new KurentoConnection(settings);
            List<VoiceSessionEnded> ended = new CopyOnWriteArrayList<>();
            SessionRegistry registry = new SessionRegistry(kit.context(connection), ended::add);
            try {
                EventLog events = new EventLog();
                VoiceSession session = registry.open(new BrowserCall(), events, ClientInfo.UNKNOWN, Duration.ofMillis(LIMIT_MILLIS));
                long opened = System.nanoTime(); // the conversation, and its clock, started just before open() returned
                while (ended.isEmpty() && System.nanoTime() - opened < 20_000_000_000L) {
                    Thread.sleep(10);
                }
                long endedAfterMillis = (System.nanoTime() - opened) / 1_000_000L;

                assertEquals(1, ended.size(), "ended once: " + ended);
                VoiceSessionEnded end = ended.get(0);
                assertEquals(SessionEndCause.MAX_DURATION, end.cause(), end.detail());
                assertEquals("the session reached its maximum duration of 1500 ms", end.detail());
                assertTrue(endedAfterMillis >= LIMIT_MILLIS - 200 && endedAfterMillis < LIMIT_MILLIS + 3_000,
                        "ended " + endedAfterMillis + " ms after the session started");
                List<SessionEndCause> told = events.all().stream().filter(ConversationEvent.SessionEnded.class::isInstance)
                        .map(e -> ((ConversationEvent.SessionEnded) e).cause()).toList();
                assertEquals(List.of(SessionEndCause.MAX_DURATION), told);
                assertTrue(session.isEnded());
                assertEquals(0, registry.size());
            } finally {
                registry.closeAll();
                connection.close();
            }
        }
    }
}
