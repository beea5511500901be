package dev.parley.web.problem;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Problem details written straight to a servlet response, for answers given before the REST layer (or instead of it). */
public final class ProblemResponses {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private ProblemResponses() {
    }

    /** Writes a {@code status} problem with {@code detail} for {@code request}'s path and commits the response. */
    public static void send(HttpServletRequest request, HttpServletResponse response, int status, String detail) {
        send(response, status, detail, request.getRequestURI());
    }

    static void send(HttpServletResponse response, int status, String detail, String instance) {
        Problem problem = new Problem(ProblemType.forStatus(status), reasonPhrase(status), status, detail, instance);
        try {
            response.setStatus(status);
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(JSONB.toJson(problem));
            response.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("could not send the " + status + " answer", e);
        }
    }

    static String reasonPhrase(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }
}
