package dev.parley.web.admin;

import dev.parley.web.security.SecuritySettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Refuses request bodies above {@code parley.limits.max-request-body-bytes} with 413: before any of
 * it is read when the client declares a larger length, and otherwise (chunked, or a length that
 * lies) by reading at most one byte more than the limit here, before any resource or body reader
 * sees it. The limit is small (16 KiB by default), so holding the body in memory is cheap, and a
 * reader can never run into the limit half-way and fail with a 500.
 */
@Provider
@PreMatching
public class RequestBodyLimit implements ContainerRequestFilter {

    @Inject
    SecuritySettings settings;

    @Override
    public void filter(ContainerRequestContext request) {
        int max = settings.maxRequestBodyBytes();
        if (request.getLength() > max) {
            throw tooLarge(max);
        }
        if (request.hasEntity()) {
            byte[] body = readAtMost(request.getEntityStream(), max)
                    .orElseThrow(() -> tooLarge(max));
            request.setEntityStream(new ByteArrayInputStream(body));
        }
    }

    /** The whole body when it has at most {@code max} bytes; empty (having read {@code max + 1}) when it is larger. */
    static Optional<byte[]> readAtMost(InputStream body, int max) {
        try {
            byte[] bytes = body.readNBytes(max + 1);
            return bytes.length > max ? Optional.empty() : Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the request body", e);
        }
    }

    static WebApplicationException tooLarge(int max) {
        return new WebApplicationException("the request body is larger than " + max
                + " bytes (parley.limits.max-request-body-bytes)", Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }
}
