package dev.parley.web.admin;

import dev.parley.web.security.SecuritySettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses request bodies above {@code parley.limits.max-request-body-bytes} with 413, before any of
 * it is read when the client declares its length, and as soon as the limit is passed otherwise.
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
            request.setEntityStream(new Limited(request.getEntityStream(), max));
        }
    }

    static WebApplicationException tooLarge(int max) {
        return new WebApplicationException("the request body is larger than " + max
                + " bytes (parley.limits.max-request-body-bytes)", Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    /** Counts what is read and stops at the limit. */
    static final class Limited extends FilterInputStream {
        private final int max;
        private long read;

        Limited(InputStream in, int max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) {
            read += n;
            if (read > max) {
                throw tooLarge(max);
            }
        }
    }
}
