package dev.parley.store;

import dev.parley.conversation.ConversationListener;
import dev.parley.session.SessionObserver;
import dev.parley.session.VoiceSessionEnded;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records sessions into the {@link SessionStore} from the session layer's events. As a
 * {@link SessionObserver} it hears each session open ({@link #sessionOpened}: its start, and
 * {@link #recordingStarted} when the session is recorded) and listens to its conversation
 * ({@link #listener}); session ends arrive as the {@link VoiceSessionEnded} CDI event. Writes run
 * on a managed executor, never on the session's lane, because a conversation listener must not
 * block, and they are stored in the order they were made ({@link OrderedWrites}).
 */
@ApplicationScoped
public class SessionHistory implements SessionObserver {

    @Inject
    SessionStore store;

    @Resource
    ManagedExecutorService writer;

    private volatile OrderedWrites writes;

    @Override
    public ConversationListener sessionOpened(OpenedSession session) {
        Instant at = Instant.now();
        write("start of session " + session.sessionId(),
                () -> store.sessionStarted(session.sessionId(), at, session.client(), session.instance(), session.mediaServer()));
        if (session.recordingUri() != null) {
            recordingStarted(session.sessionId(), session.recordingUri());
        }
        return listener(session.sessionId());
    }

    /** A listener that stores session {@code sessionId}'s completed turns with their metrics. */
    public ConversationListener listener(String sessionId) {
        // The session clock is System.nanoTime(): anchor it to the wall clock once.
        Instant anchorWall = Instant.now();
        long anchorNanos = System.nanoTime();
        TurnAssembler assembler = new TurnAssembler(nanos -> anchorWall.plusNanos(nanos - anchorNanos));
        return event -> {
            TurnAssembler.Completed completed = assembler.accept(event);
            if (completed != null) {
                write("turn " + completed.turn().turn() + " of session " + sessionId,
                        () -> store.turnCompleted(sessionId, completed.turn(), completed.metrics()));
            }
        };
    }

    public void recordingStarted(String sessionId, String filePath) {
        Instant at = Instant.now();
        write("recording of session " + sessionId, () -> store.recordingStarted(sessionId, filePath, "audio/webm", at));
    }

    void sessionEnded(@Observes VoiceSessionEnded ended) {
        Instant at = Instant.now();
        write("end of session " + ended.sessionId(),
                () -> store.sessionEnded(ended.sessionId(), at, ended.cause().name(), ended.detail(),
                        ended.bridge() == null ? null : CallAudio.of(ended.bridge(), ended.browserLeg())));
    }

    /**
     * Waits, at most {@code timeout}, until every write made before this call is stored: a deletion
     * waits so that the end of a session that has just ended is not stored after the session is
     * deleted (which would bring its row back).
     */
    public void awaitPendingWrites(Duration timeout) {
        CompletableFuture<Void> reached = new CompletableFuture<>();
        write("marker of the writes made so far", () -> reached.complete(null));
        try {
            reached.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            System.getLogger(SessionHistory.class.getName()).log(System.Logger.Level.WARNING,
                    "the history writes made so far were not stored within " + timeout.toMillis() + " ms: " + e);
        }
    }

    private void write(String what, Runnable task) {
        OrderedWrites w = writes;
        if (w == null) {
            synchronized (this) {
                if (writes == null) {
                    writes = new OrderedWrites(writer);
                }
                w = writes;
            }
        }
        w.submit(what, task);
    }
}
