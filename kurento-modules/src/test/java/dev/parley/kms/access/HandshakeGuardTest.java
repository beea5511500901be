package dev.parley.kms.access;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The handshake decision alone; {@code KurentoPortAccessIT} holds it against the real server process. */
class HandshakeGuardTest {
    private static final String SECRET = "0123456789abcdef-guard";
    private static final String HOST = "127.0.0.1:8888";

    @Test
    void aBrowserOriginIsRefusedWith403UnlessListed() {
        HandshakeGuard guard = new HandshakeGuard(OriginPolicy.allowing(List.of("https://App.Example:8443/")), SharedSecret.none());
        assertNull(guard.judge(null, HOST, "/kurento"), "no Origin at all");
        assertEquals(403, guard.judge("http://evil.example", HOST, "/kurento").status().code());
        assertEquals(403, guard.judge("null", HOST, "/kurento").status().code(), "sandboxed pages send the origin 'null'");
        assertEquals(403, guard.judge("https://app.example", HOST, "/kurento").status().code(), "the port is part of the origin");
        assertNull(guard.judge("https://app.example:8443", HOST, "/kurento"), "listed (case and trailing slash do not matter)");
    }

    @Test
    void theOwnOriginTheKurentoJavaClientSendsIsAcceptedForAddressLiteralsAndLocalhost() {
        HandshakeGuard guard = new HandshakeGuard(OriginPolicy.allowing(List.of()), SharedSecret.none());
        assertNull(guard.judge("http://127.0.0.1:8888", HOST, "/kurento"));
        assertNull(guard.judge("http://[::1]:8888", "[::1]:8888", "/kurento"));
        assertNull(guard.judge("http://localhost:8888", "localhost:8888", "/kurento"));
        assertNull(guard.judge("https://127.0.0.1:8888", HOST, "/kurento"), "wss:// gives an https origin");
        assertEquals(403, guard.judge("http://localhost:8888", HOST, "/kurento").status().code(), "another host than the Host header");
        assertEquals(403, guard.judge("http://127.0.0.1:8080", HOST, "/kurento").status().code(), "another port: a page of another server");
        assertEquals(403, guard.judge("http://127.0.0.1:8888", null, "/kurento").status().code());
        assertEquals(403, guard.judge("http://rebound.example:8888", "rebound.example:8888", "/kurento").status().code(),
                "a DNS-rebinding page: its own name, pointed at 127.0.0.1");
    }

    @Test
    void withASecretTheQueryMustCarryExactlyThatSecret() {
        HandshakeGuard guard = new HandshakeGuard(OriginPolicy.allowing(List.of()), SharedSecret.of(SECRET));
        assertEquals(401, guard.judge(null, HOST, "/kurento").status().code());
        assertEquals(401, guard.judge(null, HOST, "/kurento?secret=").status().code());
        assertEquals(401, guard.judge(null, HOST, "/kurento?secret=wrong-secret-value-123").status().code());
        assertEquals(401, guard.judge(null, HOST, "/kurento?secret=" + SECRET + "&secret=other").status().code());
        assertEquals(401, guard.judge(null, HOST, "/kurento?secret=%zz").status().code(), "a malformed escape is a refusal, not an error");
        assertNull(guard.judge(null, HOST, "/kurento?secret=" + SECRET));
        assertNull(guard.judge(null, HOST, "/kurento?x=1&secret=" + SECRET));
        assertEquals(403, guard.judge("http://evil.example", HOST, "/kurento?secret=" + SECRET).status().code(),
                "a foreign page that knows the secret is still refused");
        assertNull(guard.judge("http://kms.internal:8888", "kms.internal:8888", "/kurento?secret=" + SECRET),
                "with a secret, the own origin by name (the Kurento client of ws://kms.internal:8888) is accepted");
        assertEquals(401, guard.judge("http://rebound.example:8888", "rebound.example:8888", "/kurento").status().code(),
                "and a rebinding page still lacks the secret");
    }

    @Test
    void theLoggedReasonNeverHoldsTheSecret() {
        HandshakeGuard guard = new HandshakeGuard(OriginPolicy.allowing(List.of()), SharedSecret.of(SECRET));
        String almost = SECRET.substring(0, SECRET.length() - 1) + "X";
        assertEquals("wrong secret in the URL", guard.judge(null, HOST, "/kurento?secret=" + almost).reason());
    }
}
