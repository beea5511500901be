package dev.parley.web.signalling;

import dev.parley.conversation.SessionEndCause;
import java.util.regex.Pattern;

/**
 * What a browser may read in {@code ended} and {@code error} details. The session layer's details
 * are written for operators (logs, admin API) and name the media server's internal URL (which may
 * carry its secret); a browser gets the same sentence without any URL, and for the media
 * server's own failures a fixed sentence that says what happened without saying where.
 */
final class BrowserText {

    static final String INTERNAL_ADDRESS = "(internal address)";
    private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://[^\\s'\"<>]*[^\\s'\"<>.,;:!?)]");

    private BrowserText() {
    }

    /** {@code detail} with every URL replaced by {@value #INTERNAL_ADDRESS}; null stays null. */
    static String scrub(String detail) {
        return detail == null ? null : URL.matcher(detail).replaceAll(INTERNAL_ADDRESS);
    }

    /** The {@code ended} detail a browser gets for a session that ended for {@code cause}. */
    static String endedDetail(SessionEndCause cause, String detail) {
        return switch (cause) {
            case MEDIA_SERVER_LOST -> "the server lost its connection to its media server";
            case MEDIA_SERVER_RESTARTED -> "the server's media server restarted";
            case MEDIA_ERROR -> "the media server reported an error on this call";
            default -> scrub(detail);
        };
    }
}
