package dev.parley.web.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.store.SessionQuery;
import dev.parley.store.SessionState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SessionListParametersTest {

    @Test
    void nothingGivenMeansTheFirstPageOfEverything() throws Exception {
        SessionQuery query = SessionListParameters.parse(null, null, null, null, null);
        assertNull(query.state());
        assertEquals(0, query.page());
        assertEquals(SessionListParameters.DEFAULT_SIZE, query.size());
    }

    @Test
    void filtersAndPagingAreRead() throws Exception {
        SessionQuery query = SessionListParameters.parse("Ended", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "2", "50");
        assertEquals(SessionState.ENDED, query.state());
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), query.startedFrom());
        assertEquals(Instant.parse("2026-02-01T00:00:00Z"), query.startedBefore());
        assertEquals(2, query.page());
        assertEquals(50, query.size());
    }

    @Test
    void instantsMayCarryAnOffsetEvenOneWhosePlusArrivedAsASpace() throws Exception {
        SessionQuery query = SessionListParameters.parse(null, "2026-01-01T02:00+02:00", "2026-01-01T03:00:00 02:00", null, null);
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), query.startedFrom());
        assertEquals(Instant.parse("2026-01-01T01:00:00Z"), query.startedBefore());
    }

    @Test
    void everyBadParameterIsNamedInOneMessage() {
        SessionListParameters.Invalid invalid = assertThrows(SessionListParameters.Invalid.class,
                () -> SessionListParameters.parse("sleeping", "yesterday", null, "-1", "1000"));
        String message = invalid.getMessage();
        assertTrue(message.contains("state must be 'live' or 'ended'"), message);
        assertTrue(message.contains("from must be an ISO-8601 instant"), message);
        assertTrue(message.contains("page must be a whole number from 0"), message);
        assertTrue(message.contains("size must be a whole number from 1 to 100"), message);
    }

    @Test
    void aTimeWindowMustRunForwards() {
        SessionListParameters.Invalid invalid = assertThrows(SessionListParameters.Invalid.class,
                () -> SessionListParameters.parse(null, "2026-02-01T00:00:00Z", "2026-01-01T00:00:00Z", null, null));
        assertTrue(invalid.getMessage().contains("must be before to"), invalid.getMessage());
    }
}
