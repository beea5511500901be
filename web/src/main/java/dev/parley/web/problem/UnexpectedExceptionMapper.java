package dev.parley.web.problem;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;

/**
 * A failure inside Parley: the client gets a 500 problem with a reference it can quote, the stack
 * trace goes to the server log under the same reference and never to the client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Exception> {

    private static final System.Logger LOG = System.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    UriInfo uriInfo;

    @Override
    public Response toResponse(Exception exception) {
        String reference = UUID.randomUUID().toString();
        String path = uriInfo.getRequestUri().getPath();
        LOG.log(System.Logger.Level.ERROR, "request " + path + " failed, reference " + reference, exception);
        Response.Status status = Response.Status.INTERNAL_SERVER_ERROR;
        Problem problem = new Problem(ProblemType.SERVER_ERROR.uri().toString(), status.getReasonPhrase(), status.getStatusCode(),
                "Parley failed to answer; the server log has the cause under reference " + reference, path);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
