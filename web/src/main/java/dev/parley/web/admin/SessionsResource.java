package dev.parley.web.admin;

import dev.parley.cluster.SessionActions;
import dev.parley.conversation.ConversationEngine;
import dev.parley.conversation.SessionEndCause;
import dev.parley.lifecycle.DataLifecycle;
import dev.parley.lifecycle.SessionDeletion;
import dev.parley.session.ClusterSessions;
import dev.parley.session.SessionRegistry;
import dev.parley.store.RecordingRecord;
import dev.parley.store.SessionPage;
import dev.parley.store.SessionQuery;
import dev.parley.store.SessionRecord;
import dev.parley.store.SessionState;
import dev.parley.store.SessionStore;
import dev.parley.store.TurnMetricsRecord;
import dev.parley.web.admin.SessionViews.Metrics;
import dev.parley.web.admin.SessionViews.SayRequest;
import dev.parley.web.admin.SessionViews.SessionDetail;
import dev.parley.web.admin.SessionViews.SessionList;
import dev.parley.web.admin.SessionViews.SessionSummary;
import dev.parley.web.admin.SessionViews.Termination;
import dev.parley.web.admin.SessionViews.Transcript;
import dev.parley.web.admin.SessionViews.TurnMetricsView;
import dev.parley.web.admin.SessionViews.TurnView;
import dev.parley.web.problem.Problem;
import dev.parley.web.problem.ProblemException;
import dev.parley.web.problem.ProblemType;
import dev.parley.web.security.AdminAuthenticationMechanism;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * {@code /api/v1/sessions}: live and past sessions for administrators (HTTP Basic, {@code admin}
 * role; see {@link dev.parley.web.security.AdminAuthenticationMechanism}).
 */
@Path("v1/sessions")
@RolesAllowed(AdminAuthenticationMechanism.ADMIN_ROLE)
@RequestScoped
// problem+json too: a client that accepts only problems for a route whose success has no body
// (as generated clients do for say, terminate and delete) is not refused with a 406.
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@Tag(name = "sessions", description = "Live and past voice sessions (admin role)")
@SecurityRequirement(name = "basic")
@APIResponse(responseCode = "401", description = "no or wrong credentials (problem+json)")
@APIResponse(responseCode = "403", description = "the user lacks the admin role (problem+json)")
public class SessionsResource {

    static final int MAX_REASON_LENGTH = 200;
    static final int MAX_SAY_LENGTH = 2000;

    @Inject
    SessionStore store;

    @Inject
    SessionRegistry registry;

    @Inject
    DataLifecycle lifecycle;

    @Inject
    ClusterSessions cluster;

    @GET
    @Operation(operationId = "listSessions", summary = "List sessions, newest first")
    @APIResponse(responseCode = "200", description = "one page of sessions",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SessionList")))
    @APIResponse(responseCode = "400", description = "bad paging or filters; the detail names each")
    public SessionList list(@Parameter(description = "live or ended", schema = @Schema(enumeration = {"live", "ended"})) @QueryParam("state") String state,
                            @Parameter(description = "started at or after (ISO-8601 instant)", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("from") String from,
                            @Parameter(description = "started before (ISO-8601 instant)", schema = @Schema(type = SchemaType.STRING, format = "date-time")) @QueryParam("to") String to,
                            @Parameter(description = "0-based page, default 0", schema = @Schema(type = SchemaType.INTEGER, minimum = "0")) @QueryParam("page") String page,
                            @Parameter(description = "1 to 100, default 20", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "100")) @QueryParam("size") String size) {
        SessionQuery query;
        try {
            query = SessionListParameters.parse(state, from, to, page, size);
        } catch (SessionListParameters.Invalid e) {
            throw new BadRequestException(e.getMessage());
        }
        SessionPage found = store.sessions(query);
        return new SessionList(found.sessions().stream().map(SessionSummary::of).toList(), query.page(), query.size(), found.total());
    }

    @GET
    @Path("{id}")
    @Operation(operationId = "getSession", summary = "One session: state, times, client, turn count, latency summary, the call's audio quality")
    @APIResponse(responseCode = "200", description = "the session",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "SessionDetail")))
    @APIResponse(responseCode = "404", description = "no such session")
    public SessionDetail get(@PathParam("id") String id) {
        SessionRecord session = stored(id);
        List<TurnMetricsRecord> metrics = store.metrics(id);
        // Live on this instance, or in the history as live on another one (which ends it there when its call ends).
        boolean live = registry.find(id).isPresent() || session.getState() == SessionState.LIVE && session.getInstance() != null
                && !session.getInstance().equals(cluster.instance());
        return new SessionDetail(session.getId(), session.getState().name().toLowerCase(java.util.Locale.ROOT), live,
                session.getStartedAt(), session.getEndedAt(), session.getEndCause(), session.getEndDetail(), session.getClient(),
                store.turnCount(id), store.recording(id).isPresent(), LatencySummary.of(metrics), session.getInstance(),
                session.getMediaServer(), session.getCallAudio().map(SessionViews.AudioQuality::of).orElse(null));
    }

    @GET
    @Path("{id}/transcript")
    @Operation(operationId = "getTranscript", summary = "The session's turns: what the user said, what the agent said and what was actually heard")
    @APIResponse(responseCode = "200", description = "the turns in order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Transcript")))
    @APIResponse(responseCode = "404", description = "no such session")
    public Transcript transcript(@PathParam("id") String id) {
        stored(id);
        return new Transcript(id, store.turns(id).stream().map(TurnView::of).toList());
    }

    @GET
    @Path("{id}/metrics")
    @Operation(operationId = "getMetrics", summary = "Per-turn latencies and their summary")
    @APIResponse(responseCode = "200", description = "the turns' latencies in ms and their summary",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(ref = "Metrics")))
    @APIResponse(responseCode = "404", description = "no such session")
    public Metrics metrics(@PathParam("id") String id) {
        stored(id);
        List<TurnMetricsRecord> metrics = store.metrics(id);
        return new Metrics(id, metrics.stream().map(TurnMetricsView::of).toList(), LatencySummary.of(metrics));
    }

    @DELETE
    @Path("{id}")
    @Operation(operationId = "deleteSession", summary = "Delete an ended session: its transcript, metrics, recording row and recording file",
            description = "Never half-way: when a step fails the session stays whole (500) or is gone. The recording file is "
                    + "removed only when it lies directly inside parley.recording.directory on this host.")
    @APIResponse(responseCode = "204", description = "the session and its data are gone")
    @APIResponse(responseCode = "404", description = "no such session")
    @APIResponse(responseCode = "409", description = "the session is live; terminate it first")
    @APIResponse(responseCode = "500", description = "a step failed and was undone: nothing was deleted")
    public Response delete(@PathParam("id") String id) {
        SessionDeletion.Outcome outcome;
        try {
            outcome = lifecycle.delete(id);
        } catch (SessionDeletion.Failed e) {
            throw new InternalServerErrorException(e.getMessage());
        }
        return switch (outcome) {
            case DELETED -> Response.noContent().build();
            case NOT_FOUND -> throw new ProblemException(ProblemType.UNKNOWN_SESSION, "no session " + id);
            case LIVE -> throw new ProblemException(ProblemType.SESSION_LIVE, "session " + id + " is live; terminate it before deleting it");
        };
    }

    @POST
    @Path("{id}/terminate")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "terminateSession", summary = "End a live session; the widget is told the reason",
            description = "In a cluster the instance that owns the session ends it, whichever instance is asked.")
    @APIResponse(responseCode = "202", description = "the session is ending")
    @APIResponse(responseCode = "404", description = "no such session")
    @APIResponse(responseCode = "409", description = "the session is not live")
    @APIResponse(responseCode = "413", description = "the body is too large")
    @APIResponse(responseCode = "503", description = "the session is live on another instance of the cluster, which did not answer")
    public Response terminate(@PathParam("id") String id, Termination termination) {
        String reason = termination == null || termination.reason() == null || termination.reason().isBlank()
                ? "an administrator ended the session" : termination.reason().strip();
        if (reason.length() > MAX_REASON_LENGTH) {
            throw new BadRequestException("reason must be at most " + MAX_REASON_LENGTH + " characters, was " + reason.length());
        }
        if (registry.end(id, SessionEndCause.TERMINATED, reason)) {
            return Response.accepted().build();
        }
        SessionRecord session = stored(id);
        return switch (onOwner(session, SessionActions.Action.TERMINATE, reason)) {
            case DONE -> Response.accepted().build();
            case NOT_LIVE, TOO_MANY_WAITING -> throw new ProblemException(ProblemType.SESSION_NOT_LIVE, "session " + id + " is not live");
            case NO_ANSWER -> throw ownerUnreachable(session);
        };
    }

    @POST
    @Path("{id}/say")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "say", summary = "Make a live agent say a text",
            description = "The agent says the text through its synthesiser as its own turn, once the floor is free: after the answer "
                    + "it is giving and after the user's turn in progress, never cutting anyone off. The user can barge in on it like "
                    + "on any answer; it joins the dialog history and the transcript as an agent turn. In a cluster the instance that owns "
                    + "the session says it, whichever instance is asked.")
    @APIResponse(responseCode = "202", description = "the text waits for the floor (or is being said)")
    @APIResponse(responseCode = "400", description = "no text, or text too long")
    @APIResponse(responseCode = "404", description = "no such live session (unknown, or ended)")
    @APIResponse(responseCode = "413", description = "the body is too large")
    @APIResponse(responseCode = "429", description = "too many texts already wait for this session's floor")
    @APIResponse(responseCode = "503", description = "the session is live on another instance of the cluster, which did not answer")
    public Response say(@PathParam("id") String id, SayRequest request) {
        if (request == null || request.text() == null || request.text().isBlank()) {
            throw new BadRequestException("text is required");
        }
        String text = request.text().strip();
        if (text.length() > MAX_SAY_LENGTH) {
            throw new BadRequestException("text must be at most " + MAX_SAY_LENGTH + " characters, was " + text.length());
        }
        SessionActions.Outcome outcome = registry.find(id)
                .map(session -> switch (session.engine().say(text)) {
                    case ACCEPTED -> SessionActions.Outcome.DONE;
                    case ENDED -> SessionActions.Outcome.NOT_LIVE;
                    case TOO_MANY_WAITING -> SessionActions.Outcome.TOO_MANY_WAITING;
                })
                .orElseGet(() -> store.session(id).map(session -> onOwner(session, SessionActions.Action.SAY, text))
                        .orElse(SessionActions.Outcome.NOT_LIVE));
        return switch (outcome) {
            case DONE -> Response.accepted().build();
            case NOT_LIVE -> throw notLive(id);
            case TOO_MANY_WAITING -> throw new ClientErrorException("session " + id + " already has "
                    + ConversationEngine.MAX_PENDING_SAYS + " texts waiting to be said", Response.Status.TOO_MANY_REQUESTS);
            case NO_ANSWER -> throw ownerUnreachable(store.session(id).orElseThrow());
        };
    }

    /** Hands the action to the instance that owns {@code session} when it is live on another one; NOT_LIVE otherwise. */
    private SessionActions.Outcome onOwner(SessionRecord session, SessionActions.Action action, String argument) {
        String owner = session.getInstance();
        if (session.getState() != SessionState.LIVE || owner == null || owner.equals(cluster.instance())) {
            return SessionActions.Outcome.NOT_LIVE;
        }
        return cluster.perform(owner, action, session.getId(), argument);
    }

    private static ProblemException ownerUnreachable(SessionRecord session) {
        return new ProblemException(ProblemType.OWNER_UNREACHABLE, "session " + session.getId() + " is live on Parley instance "
                + session.getInstance() + ", which did not answer; try again, or wait until the cluster marks it ended");
    }

    private ProblemException notLive(String id) {
        return store.session(id).isPresent() ? new ProblemException(ProblemType.SESSION_ENDED, "session " + id + " has ended")
                : new ProblemException(ProblemType.UNKNOWN_SESSION, "no session " + id);
    }

    @GET
    @Path("{id}/recording")
    @Produces({"audio/webm", MediaType.APPLICATION_JSON})
    @Operation(operationId = "getRecording", summary = "The session's recording (audio/webm); supports a single HTTP Range")
    @APIResponse(responseCode = "200", description = "the whole recording",
            content = @Content(mediaType = "audio/webm", schema = @Schema(ref = "Recording")))
    @APIResponse(responseCode = "206", description = "the requested range, with Content-Range",
            content = @Content(mediaType = "audio/webm", schema = @Schema(ref = "Recording")))
    @APIResponse(responseCode = "404", description = "no such session, or it has no recording")
    @APIResponse(responseCode = "416", description = "the range lies beyond the recording")
    public Response recording(@PathParam("id") String id, @Parameter(description = "one byte range, e.g. bytes=0-1023; without it the whole recording") @HeaderParam("Range") String rangeHeader) {
        stored(id);
        RecordingRecord recording = store.recording(id)
                .orElseThrow(() -> new ProblemException(ProblemType.NO_RECORDING, "session " + id + " has no recording"));
        java.nio.file.Path file = fileOf(recording.getFilePath());
        if (!Files.isRegularFile(file)) {
            throw new ProblemException(ProblemType.NO_RECORDING, "the recording of session " + id + " is no longer on disk");
        }
        long total;
        try {
            total = Files.size(file);
        } catch (IOException e) {
            throw new ProblemException(ProblemType.NO_RECORDING, "the recording of session " + id + " cannot be read");
        }
        ByteRange range;
        try {
            range = ByteRange.parse(rangeHeader, total);
        } catch (ByteRange.Unsatisfiable e) {
            throw new WebApplicationException(e.getMessage(),
                    Response.status(Response.Status.REQUESTED_RANGE_NOT_SATISFIABLE).header("Content-Range", "bytes */" + total).build());
        }
        if (range == null) {
            return Response.ok(send(file, 0, total), recording.getMediaType())
                    .header("Accept-Ranges", "bytes").header("Content-Length", total).build();
        }
        return Response.status(Response.Status.PARTIAL_CONTENT).type(recording.getMediaType())
                .entity(send(file, range.first(), range.length()))
                .header("Accept-Ranges", "bytes").header("Content-Range", range.contentRange(total))
                .header("Content-Length", range.length()).build();
    }

    private SessionRecord stored(String id) {
        return store.session(id).orElseThrow(() -> new ProblemException(ProblemType.UNKNOWN_SESSION, "no session " + id));
    }

    static java.nio.file.Path fileOf(String location) {
        return location.startsWith("file:") ? java.nio.file.Path.of(URI.create(location)) : java.nio.file.Path.of(location);
    }

    private static StreamingOutput send(java.nio.file.Path file, long first, long length) {
        return out -> copy(file, first, length, out);
    }

    private static void copy(java.nio.file.Path file, long first, long length, OutputStream out) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
             InputStream in = Channels.newInputStream(channel.position(first))) {
            byte[] buffer = new byte[16 * 1024];
            long left = length;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 0, n);
                left -= n;
            }
        }
    }
}
