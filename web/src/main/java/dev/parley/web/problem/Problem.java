package dev.parley.web.problem;

/**
 * An error answer in the RFC 9457 "problem details" shape, so clients always get JSON, never an
 * HTML error page.
 *
 * @param type     a URI naming the kind of problem ({@link ProblemType})
 * @param title    the status' reason phrase
 * @param status   the HTTP status code
 * @param detail   what went wrong with this request
 * @param instance the path that was requested
 */
public record Problem(String type, String title, int status, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String ABOUT_BLANK = "about:blank";
}
