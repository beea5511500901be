package dev.parley.web.admin;

import dev.parley.store.SessionQuery;
import dev.parley.store.SessionState;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks the query parameters of the session list and turns them into a {@link SessionQuery}; every
 * problem is named in one message (the API answers it as a 400).
 */
public final class SessionListParameters {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    private SessionListParameters() {
    }

    /** Bad list parameters; the message names each one and why. */
    public static final class Invalid extends Exception {

        private static final long serialVersionUID = 1L;
        public Invalid(String message) {
            super(message);
        }
    }

    public static SessionQuery parse(String state, String from, String to, String page, String size) throws Invalid {
        List<String> problems = new ArrayList<>();
        SessionState parsedState = null;
        if (state != null && !state.isBlank()) {
            try {
                parsedState = SessionState.valueOf(state.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add("state must be 'live' or 'ended', was '" + state + "'");
            }
        }
        Instant parsedFrom = instant("from", from, problems);
        Instant parsedTo = instant("to", to, problems);
        if (parsedFrom != null && parsedTo != null && !parsedFrom.isBefore(parsedTo)) {
            problems.add("from (" + parsedFrom + ") must be before to (" + parsedTo + ")");
        }
        int parsedPage = integer("page", page, 0, 0, Integer.MAX_VALUE, problems);
        int parsedSize = integer("size", size, DEFAULT_SIZE, 1, MAX_SIZE, problems);
        if (!problems.isEmpty()) {
            throw new Invalid(String.join("; ", problems));
        }
        return new SessionQuery(parsedState, parsedFrom, parsedTo, parsedPage, parsedSize);
    }

    private static Instant instant(String name, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            // The '+' of an offset sent unencoded in a query string arrives decoded as a space (MicroProfile
            // Rest Clients send OffsetDateTime so); an instant has no space anywhere else.
            // Seconds may be left out (OffsetDateTime.toString() does when they are zero).
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(value.strip().replace(' ', '+'), Instant::from);
        } catch (DateTimeParseException e) {
            problems.add(name + " must be an ISO-8601 instant such as 2026-01-31T12:00:00Z or 2026-01-31T13:00:00+01:00, was '"
                    + value + "'");
            return null;
        }
    }

    private static int integer(String name, String value, int fallback, int min, int max, List<String> problems) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add(name + " must be a whole number from " + min + " to " + max + ", was '" + value + "'");
        return fallback;
    }
}
