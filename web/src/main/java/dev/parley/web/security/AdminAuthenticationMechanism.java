package dev.parley.web.security;

import dev.parley.web.problem.ProblemResponses;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP Basic, and only authentication: whoever sends credentials is checked against the identity
 * store ({@link ConfiguredIdentityStore}) whatever the path, and logged in for the request when
 * they are right. Whether a request needs a login, and which role, is decided elsewhere, on the
 * path the container and the REST runtime actually match: the security constraint in
 * {@code WEB-INF/web.xml} (the container then asks here with {@code isProtected()}, and a request
 * without credentials gets the 401 challenge) and {@code @RolesAllowed} on the admin resources
 * ({@link AdminApiAuthorization}). Wrong credentials are answered 401 on protected paths and
 * otherwise leave the request anonymous; failed logins are throttled per client address and per
 * user ({@link LoginThrottle}, 429 with Retry-After). Refusals are problem details.
 */
@ApplicationScoped
public class AdminAuthenticationMechanism implements HttpAuthenticationMechanism {

    public static final String ADMIN_ROLE = "admin";
    static final String REALM = "parley-admin";
    public static final String CHALLENGE = "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"";
    private static final System.Logger LOG = System.getLogger(AdminAuthenticationMechanism.class.getName());

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    SecuritySettings settings;

    private LoginThrottle throttle;

    @PostConstruct
    void init() {
        throttle = new LoginThrottle(settings.loginMaxFailures(), settings.loginWindow(), Clock.systemUTC());
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        UsernamePasswordCredential credential = basicCredential(request.getHeader("Authorization"));
        if (credential == null) {
            if (context.isProtected()) {
                return refuse(request, response, HttpServletResponse.SC_UNAUTHORIZED, "the admin API needs HTTP Basic credentials");
            }
            return context.doNothing();
        }
        String address = request.getRemoteAddr();
        Optional<Duration> wait = throttle.retryAfter(address, credential.getCaller());
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            response.setHeader("Retry-After", Long.toString(seconds));
            ProblemResponses.send(request, response, 429, "too many failed logins from this address or for this user;"
                    + " Retry-After " + seconds + " s");
            return AuthenticationStatus.SEND_FAILURE;
        }
        CredentialValidationResult result = identityStores.validate(credential);
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throttle.failed(address, credential.getCaller());
            LOG.log(System.Logger.Level.DEBUG, () -> "failed login from " + address);
            if (context.isProtected()) {
                return refuse(request, response, HttpServletResponse.SC_UNAUTHORIZED, "unknown user or wrong password");
            }
            return context.doNothing();
        }
        throttle.succeeded(credential.getCaller());
        return context.notifyContainerAboutLogin(result);
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

    private static AuthenticationStatus refuse(HttpServletRequest request, HttpServletResponse response, int status, String detail) {
        response.setHeader("WWW-Authenticate", CHALLENGE);
        ProblemResponses.send(request, response, status, detail);
        return AuthenticationStatus.SEND_FAILURE;
    }
}
