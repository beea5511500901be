package dev.parley.store;

import dev.parley.session.ClientInfo;
import dev.parley.conversation.ConversationListener;
import dev.parley.session.VoiceSessionEnded;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;

/**
 * Records sessions into the {@link SessionStore} from the session layer's events. The session
 * layer calls {@link #sessionStarted} when it opens a session and passes {@link #listener}'s
 * result on to the conversation (alongside its own listener); session ends arrive as the
 * {@link VoiceSessionEnded} CDI event. Writes run on a managed executor, never on the session's
 * lane, because a conversation listener must not block.
 */
@ApplicationScoped
public class SessionHistory {

    private static final System.Logger LOG = System.getLogger(SessionHistory.class.getName());

    @Inject
    SessionStore store;

    @Resource
    ManagedExecutorService writer;

    public void sessionStarted(String sessionId, ClientInfo client) {
        Instant at = Instant.now();
        write("start of session " + sessionId, () -> store.sessionStarted(sessionId, at, client));
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
                () -> store.sessionEnded(ended.sessionId(), at, ended.cause().name(), ended.detail()));
    }

    private void write(String what, Runnable task) {
        try {
            writer.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "storing the " + what + " failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            // The application is stopping: store it on this thread rather than lose it.
            task.run();
        }
    }
}
