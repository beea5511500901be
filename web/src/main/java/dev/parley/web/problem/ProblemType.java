package dev.parley.web.problem;

import java.net.URI;

/**
 * The kinds of problem Parley answers with, each named by its own {@code type} URI
 * (docs/rest-api.md#problem-types), so a client can tell them apart without reading the detail:
 * an unknown session and an ended one are both 404 but of different types.
 */
public enum ProblemType {

    INVALID_REQUEST("invalid-request", 400),
    AUTHENTICATION_REQUIRED("authentication-required", 401),
    FORBIDDEN("forbidden", 403),
    NOT_FOUND("not-found", 404),
    UNKNOWN_SESSION("unknown-session", 404),
    SESSION_ENDED("session-ended", 404),
    NO_RECORDING("no-recording", 404),
    METHOD_NOT_ALLOWED("method-not-allowed", 405),
    NOT_ACCEPTABLE("not-acceptable", 406),
    SESSION_LIVE("session-live", 409),
    SESSION_NOT_LIVE("session-not-live", 409),
    REQUEST_TOO_LARGE("request-too-large", 413),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415),
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", 416),
    TOO_MANY_REQUESTS("too-many-requests", 429),
    SERVER_ERROR("server-error", 500),
    UNAVAILABLE("unavailable", 503),
    /** The session is live on another instance of the cluster, which did not answer. */
    OWNER_UNREACHABLE("owner-unreachable", 503);

    /** Where the types live; documented in docs/rest-api.md, stable across versions. */
    public static final String BASE = "https://parley.dev/problems/";

    private final URI uri;
    private final int status;

    ProblemType(String slug, int status) {
        this.uri = URI.create(BASE + slug);
        this.status = status;
    }

    public URI uri() {
        return uri;
    }

    public int status() {
        return status;
    }

    /**
     * The general type of an HTTP error status, for answers whose cause has no type of its own (the
     * REST runtime's and the container's errors); {@code about:blank} only for a status Parley never
     * gives, as RFC 9457 says.
     */
    public static String forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && isGeneral(type)) {
                return type.uri.toString();
            }
        }
        return Problem.ABOUT_BLANK;
    }

    private static boolean isGeneral(ProblemType type) {
        return switch (type) {
            case UNKNOWN_SESSION, SESSION_ENDED, NO_RECORDING, SESSION_LIVE, SESSION_NOT_LIVE, OWNER_UNREACHABLE -> false;
            default -> true;
        };
    }
}
