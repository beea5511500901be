package dev.parley.web.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProblemTypeTest {

    @Test
    void anUnknownAndAnEndedSessionAreBoth404ButOfDifferentTypes() {
        // ProblemException itself needs the REST runtime: AdminConsoleOnPayaraServerIT reads both answers.
        assertEquals(404, ProblemType.UNKNOWN_SESSION.status());
        assertEquals(404, ProblemType.SESSION_ENDED.status());
        assertNotEquals(ProblemType.UNKNOWN_SESSION.uri(), ProblemType.SESSION_ENDED.uri());
        assertEquals("https://parley.dev/problems/unknown-session", ProblemType.UNKNOWN_SESSION.uri().toString());
    }

    @Test
    void everyTypeHasItsOwnUri() {
        Set<String> uris = new HashSet<>();
        Arrays.stream(ProblemType.values()).forEach(t -> assertTrue(uris.add(t.uri().toString()), t + " repeats a URI"));
    }

    @Test
    void errorsWithoutOwnTypeGetTheGeneralTypeOfTheirStatus() {
        assertEquals(ProblemType.NOT_FOUND.uri().toString(), ProblemType.forStatus(404));
        assertEquals(ProblemType.INVALID_REQUEST.uri().toString(), ProblemType.forStatus(400));
        assertEquals(ProblemType.AUTHENTICATION_REQUIRED.uri().toString(), ProblemType.forStatus(401));
        assertEquals(ProblemType.TOO_MANY_REQUESTS.uri().toString(), ProblemType.forStatus(429));
        assertEquals("about:blank", ProblemType.forStatus(418));
    }

    @Test
    void everyTypeIsDocumented() throws java.io.IOException {
        String doc = java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "rest-api.md"));
        for (ProblemType type : ProblemType.values()) {
            assertTrue(doc.contains("`" + type.uri() + "`"), type.uri() + " is not in docs/rest-api.md");
        }
    }
}
