package dev.parley.web.security;

import dev.parley.web.problem.Problem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic for the admin API: requests under {@link #ADMIN_PATH} need a user of the identity
 * store (401 otherwise) in the {@code admin} group (403 otherwise); both refusals are problem
 * details. Everything else (the widget, the signalling socket, info, tokens) passes untouched.
 * The role is checked here, on the identity store's groups, so it works without a
 * principal-to-role mapping in the server.
 */
@ApplicationScoped
public class AdminAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String ADMIN_ROLE = "admin";
    /** Under the WAR's context root. */
    public static final String ADMIN_PATH = "/api/v1/sessions";
    static final String REALM = "parley-admin";

    @Inject
    IdentityStoreHandler identityStores;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!isAdminPath(path)) {
            return context.doNothing();
        }
        UsernamePasswordCredential credential = basicCredential(request.getHeader("Authorization"));
        if (credential == null) {
            return refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "the admin API needs HTTP Basic credentials", request);
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            return refuse(response, HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                    "unknown user or wrong password", request);
        }
        if (!result.getCallerGroups().contains(ADMIN_ROLE)) {
            return refuse(response, HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                    "user " + result.getCallerPrincipal().getName() + " lacks the " + ADMIN_ROLE + " role", request);
        }
        return context.notifyContainerAboutLogin(result);
    }

    static boolean isAdminPath(String path) {
        return path.equals(ADMIN_PATH) || path.startsWith(ADMIN_PATH + "/");
    }

    /** The credential of an {@code Authorization: Basic ...} header, or null when there is none or it is unreadable. */
    static UsernamePasswordCredential basicCredential(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        return colon <= 0 ? null : new UsernamePasswordCredential(decoded.substring(0, colon), decoded.substring(colon + 1));
    }

    private static AuthenticationStatus refuse(HttpServletResponse response, int status, String title, String detail,
                                               HttpServletRequest request) {
        Problem problem = new Problem("about:blank", title, status, detail, request.getRequestURI());
        try (Jsonb jsonb = JsonbBuilder.create()) {
            response.setStatus(status);
            if (status == HttpServletResponse.SC_UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            }
            response.setContentType(Problem.MEDIA_TYPE);
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(jsonb.toJson(problem));
            response.flushBuffer();
        } catch (IOException e) {
            throw new UncheckedIOException("could not send the " + status + " answer", e);
        } catch (Exception e) {
            throw new IllegalStateException("could not send the " + status + " answer", e);
        }
        return AuthenticationStatus.SEND_FAILURE;
    }
}
