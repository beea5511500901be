package dev.parley.web.problem;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Turns every HTTP error the REST layer raises (unknown path, wrong method, unsupported media
 * type...) into a problem+json body, keeping the original status and headers (e.g. {@code Allow}).
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(WebApplicationException exception) {
        Response original = exception.getResponse();
        Response.StatusType status = original.getStatusInfo();
        String path = uriInfo.getRequestUri().getPath();
        String detail = exception instanceof NotFoundException && isDefaultMessage(exception)
                ? "No resource at " + path
                : exception.getMessage();
        String type = exception instanceof ProblemException typed ? typed.type().uri().toString()
                : ProblemType.forStatus(status.getStatusCode());
        Problem problem = new Problem(type, status.getReasonPhrase(), status.getStatusCode(), detail, path);
        return Response.fromResponse(original).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    /**
     * True when nobody said what was not found: the REST runtime's own "no resource matches" (no
     * message or its generic one) gets a sentence naming the path, while a resource's own message
     * ("no session 42") is kept as it was written.
     */
    static boolean isDefaultMessage(WebApplicationException exception) {
        String message = exception.getMessage();
        return message == null || message.isBlank() || message.startsWith("HTTP 404");
    }
}
