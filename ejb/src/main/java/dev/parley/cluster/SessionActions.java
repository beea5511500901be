package dev.parley.cluster;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Admin actions on a live session that another instance owns: the request goes over the grid to
 * every member, the owner alone acts on it and answers, and the asking instance waits for that
 * answer a bounded time. Messages are JSON strings (see {@link Grid}).
 */
public final class SessionActions {

    static final String REQUESTS = "parley-session-actions";
    static final String REPLIES = "parley-session-action-replies";

    /** What may be done to a live session. */
    public enum Action { TERMINATE, SAY }

    /** What came of it. */
    public enum Outcome {
        /** Done (terminate: the session is ending; say: the text waits for the floor). */
        DONE,
        /** The owner has no such live session (it has just ended). */
        NOT_LIVE,
        /** Say: too many texts already wait for the session's floor. */
        TOO_MANY_WAITING,
        /** The owner did not answer in time (it is leaving the cluster, or overloaded). */
        NO_ANSWER
    }

    /** This instance's side: acts on its own sessions. */
    public interface LocalSessions {
        Outcome act(Action action, String sessionId, String argument);
    }

    private final Grid grid;
    private final LocalSessions local;
    private final Duration timeout;
    private final Executor handlers;
    private final Map<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();

    /** {@code handlers} run the requests this instance receives: ending a session waits for its media server, not for the grid's thread. */
    public SessionActions(Grid grid, LocalSessions local, Duration timeout, Executor handlers) {
        this.grid = grid;
        this.local = local;
        this.timeout = timeout;
        this.handlers = handlers;
        grid.subscribe(REQUESTS, this::requested);
        grid.subscribe(REPLIES, this::replied);
    }

    /**
     * Does {@code action} to session {@code sessionId} on instance {@code owner} (this one: at once),
     * waiting at most the timeout for the owner's answer.
     */
    public Outcome perform(String owner, Action action, String sessionId, String argument) {
        if (owner.equals(grid.memberId())) {
            return local.act(action, sessionId, argument);
        }
        if (!grid.memberIds().contains(owner)) {
            return Outcome.NO_ANSWER;
        }
        String request = UUID.randomUUID().toString();
        CompletableFuture<Outcome> answer = new CompletableFuture<>();
        waiting.put(request, answer);
        try {
            grid.publish(REQUESTS, Json.createObjectBuilder().add("request", request).add("from", grid.memberId()).add("to", owner)
                    .add("action", action.name()).add("session", sessionId).add("argument", argument == null ? "" : argument)
                    .build().toString());
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Outcome.NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.NO_ANSWER;
        } catch (ExecutionException e) {
            throw new IllegalStateException("session action " + action + " on " + sessionId + " failed", e.getCause());
        } finally {
            waiting.remove(request);
        }
    }

    private void requested(String message) {
        JsonObject request = parse(message);
        if (request == null || !grid.memberId().equals(request.getString("to", null))) {
            return;
        }
        handlers.execute(() -> handle(request));
    }

    private void handle(JsonObject request) {
        Outcome outcome;
        try {
            outcome = local.act(Action.valueOf(request.getString("action")), request.getString("session"), request.getString("argument", ""));
        } catch (RuntimeException e) {
            System.getLogger(SessionActions.class.getName()).log(System.Logger.Level.WARNING,
                    "session action from instance " + request.getString("from", "?") + " failed", e);
            return; // the asker times out and says so
        }
        grid.publish(REPLIES, Json.createObjectBuilder().add("request", request.getString("request")).add("to", request.getString("from"))
                .add("outcome", outcome.name()).build().toString());
    }

    private void replied(String message) {
        JsonObject reply = parse(message);
        if (reply == null || !grid.memberId().equals(reply.getString("to", null))) {
            return;
        }
        CompletableFuture<Outcome> answer = waiting.get(reply.getString("request", ""));
        if (answer != null) {
            answer.complete(Outcome.valueOf(reply.getString("outcome")));
        }
    }

    private static JsonObject parse(String message) {
        try (JsonReader reader = Json.createReader(new StringReader(message))) {
            return reader.readObject();
        } catch (RuntimeException e) {
            return null; // not ours: the topic's name is shared with nobody, but never fail the grid's thread
        }
    }
}
