package dev.parley.web.problem;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/** An error a resource raises with its own problem type; {@link WebApplicationExceptionMapper} writes it. */
public class ProblemException extends WebApplicationException {

    private static final long serialVersionUID = 1L;

    private final transient ProblemType type;

    public ProblemException(ProblemType type, String detail) {
        super(detail, Response.status(type.status()).build());
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }
}
