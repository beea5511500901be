package dev.parley.web.security;

import jakarta.annotation.Priority;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Enforces {@code @RolesAllowed} on REST resources (the REST runtime does not by itself), after
 * matching, so on exactly the resource method the request reached whatever its path looked like:
 * anonymous callers get 401 with the Basic challenge, others without the role 403, both as problem
 * details (through the exception mappers). HEAD and OPTIONS, which the REST runtime may answer
 * itself for a resource, are held to the admin role too whenever the matched path is the admin
 * API's ({@link #ADMIN_SEGMENTS}, read from the decoded segments without their {@code ;} parameters,
 * as the matcher reads it). The container's security constraint ({@code WEB-INF/web.xml}) guards
 * the same paths in front of this; Payara's MicroProfile JWT filter enforces {@code @RolesAllowed}
 * as well, after this one.
 */
@Provider
@Priority(AdminApiAuthorization.PRIORITY)
public class AdminApiAuthorization implements ContainerRequestFilter {

    /**
     * Before Payara's own {@code @RolesAllowed} filter (which it registers for MicroProfile JWT and
     * which refuses with a bare "Caller not in requested role"), so that refusals say what is missing.
     */
    static final int PRIORITY = Priorities.AUTHORIZATION - 100;

    /** The admin API's path under the REST application, as segments. */
    static final List<String> ADMIN_SEGMENTS = List.of("v1", "sessions");

    @Context
    ResourceInfo resource;

    @Context
    UriInfo uri;

    @Override
    public void filter(ContainerRequestContext request) {
        Optional<String[]> roles = requiredRoles(resource.getResourceMethod(), resource.getResourceClass());
        if (roles.isEmpty() && isAdminPath(uri.getPathSegments(true))) {
            roles = Optional.of(new String[] {AdminAuthenticationMechanism.ADMIN_ROLE});
        }
        if (roles.isEmpty()) {
            return;
        }
        SecurityContext security = request.getSecurityContext();
        if (security == null || security.getUserPrincipal() == null) {
            throw new NotAuthorizedException("the admin API needs HTTP Basic credentials", AdminAuthenticationMechanism.CHALLENGE);
        }
        if (Arrays.stream(roles.get()).noneMatch(security::isUserInRole)) {
            throw new ForbiddenException("user " + security.getUserPrincipal().getName() + " lacks the "
                    + String.join(" or ", roles.get()) + " role");
        }
    }

    /** The roles of the method's {@code @RolesAllowed}, else its class's; empty when neither has one. */
    static Optional<String[]> requiredRoles(Method method, Class<?> type) {
        RolesAllowed allowed = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (allowed == null && type != null) {
            allowed = type.getAnnotation(RolesAllowed.class);
        }
        return Optional.ofNullable(allowed).map(RolesAllowed::value);
    }

    /** Whether the path, read as the matcher does (decoded, without matrix parameters, empty segments ignored), is under the admin API. */
    static boolean isAdminPath(List<PathSegment> segments) {
        List<String> names = segments.stream().map(PathSegment::getPath).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        return names.size() >= ADMIN_SEGMENTS.size() && names.subList(0, ADMIN_SEGMENTS.size()).equals(ADMIN_SEGMENTS);
    }
}
