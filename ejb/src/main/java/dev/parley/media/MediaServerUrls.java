package dev.parley.media;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The media server URL as it may be shown: {@code parley.media-server.url} can carry a shared
 * secret ({@code ws://host:8888/kurento?secret=...}) and a user's password, which must never reach a
 * log, a health check or a browser. Plain string work, so a malformed URL is redacted too.
 */
public final class MediaServerUrls {

    static final String HIDDEN = "***";
    private static final Pattern URL_IN_TEXT = Pattern.compile("(?i)\\b(?:wss?|https?)://[^\\s'\"<>]*[^\\s'\"<>.,;:!?)]");

    private MediaServerUrls() {
    }

    /**
     * {@code url} with every query value, any fragment and any password of its user info replaced by
     * {@value #HIDDEN}; the scheme, host, port, path and query names stay (they say which server and
     * which setting). Null stays null.
     */
    public static String redact(String url) {
        if (url == null) {
            return null;
        }
        String rest = url;
        String fragment = "";
        int hash = rest.indexOf('#');
        if (hash >= 0) {
            fragment = "#" + HIDDEN;
            rest = rest.substring(0, hash);
        }
        String query = null;
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        StringBuilder shown = new StringBuilder(hidePassword(rest));
        if (query != null) {
            shown.append('?');
            String[] parameters = query.split("&", -1);
            for (int i = 0; i < parameters.length; i++) {
                if (i > 0) {
                    shown.append('&');
                }
                String parameter = parameters[i];
                int equals = parameter.indexOf('=');
                // A parameter without a name=value shape may itself be the secret.
                shown.append(equals < 0 ? (parameter.isEmpty() ? "" : HIDDEN) : parameter.substring(0, equals + 1) + HIDDEN);
            }
        }
        return shown.append(fragment).toString();
    }

    /** {@code text} (an exception's message, a problem) with every ws, wss, http and https URL in it redacted. */
    public static String redactWithin(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = URL_IN_TEXT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(redact(m.group())));
        }
        return m.appendTail(out).toString();
    }

    private static String hidePassword(String beforeQuery) {
        int scheme = beforeQuery.indexOf("://");
        int authorityStart = scheme < 0 ? 0 : scheme + 3;
        int slash = beforeQuery.indexOf('/', authorityStart);
        int authorityEnd = slash < 0 ? beforeQuery.length() : slash;
        int at = beforeQuery.lastIndexOf('@', authorityEnd - 1);
        if (at < authorityStart) {
            return beforeQuery;
        }
        int colon = beforeQuery.indexOf(':', authorityStart);
        if (colon < 0 || colon > at) {
            return beforeQuery;
        }
        return beforeQuery.substring(0, colon + 1) + HIDDEN + beforeQuery.substring(at);
    }
}
