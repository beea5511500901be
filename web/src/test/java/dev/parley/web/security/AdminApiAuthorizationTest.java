package dev.parley.web.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.web.admin.SessionsResource;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.PathSegment;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdminApiAuthorizationTest {

    /** Segments as the REST runtime hands them out: decoded, matrix parameters apart. */
    private static List<PathSegment> segments(String... paths) {
        return Arrays.stream(paths).map(p -> (PathSegment) new PathSegment() {
            @Override public String getPath() { return p; }
            @Override public MultivaluedMap<String, String> getMatrixParameters() { return new MultivaluedHashMap<>(); }
        }).toList();
    }

    @Test
    void theAdminPathIsRecognisedHoweverItWasSpelt() {
        assertTrue(AdminApiAuthorization.isAdminPath(segments("v1", "sessions")));
        assertTrue(AdminApiAuthorization.isAdminPath(segments("v1", "", "sessions", "x", "say")), "an empty segment from //");
        assertTrue(AdminApiAuthorization.isAdminPath(segments("V1", "Sessions", "")), "case and trailing slash");
        assertFalse(AdminApiAuthorization.isAdminPath(segments("v1", "info")));
        assertFalse(AdminApiAuthorization.isAdminPath(segments("v1", "tokens")));
        assertFalse(AdminApiAuthorization.isAdminPath(segments("v1")));
    }

    @Test
    void theSessionsResourceRequiresTheAdminRoleOnEveryMethod() {
        for (var method : SessionsResource.class.getDeclaredMethods()) {
            assertArrayEquals(new String[] {"admin"}, AdminApiAuthorization.requiredRoles(method, SessionsResource.class).orElseThrow(),
                    method.getName());
        }
        assertTrue(AdminApiAuthorization.requiredRoles(null, TokensResource.class).isEmpty());
    }
}
