package dev.parley.web.signalling;

import java.util.List;
import java.util.Locale;

/**
 * The languages the configured speech providers understand ({@value SignallingSettings#LANGUAGES},
 * default {@code en}), as BCP 47 language ranges: {@code en} serves {@code en}, {@code en-US},
 * {@code en-GB}...; {@code en-US} serves {@code en-US} only. Comparison ignores case and accepts
 * {@code _} for {@code -}.
 */
final class SupportedLanguages {

    private final List<String> ranges;

    SupportedLanguages(List<String> ranges) {
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException(SignallingSettings.LANGUAGES + " names no language");
        }
        this.ranges = ranges.stream().map(SupportedLanguages::normalise).toList();
    }

    /** Whether a session in {@code tag} can be served; null or blank means the server's default, always served. */
    boolean supports(String tag) {
        if (tag == null || tag.isBlank()) {
            return true;
        }
        String wanted = normalise(tag);
        return ranges.stream().anyMatch(range -> wanted.equals(range) || wanted.startsWith(range + "-"));
    }

    /** For error messages: the configured ranges, e.g. {@code en}. */
    String describe() {
        return String.join(", ", ranges);
    }

    private static String normalise(String tag) {
        return tag.strip().replace('_', '-').toLowerCase(Locale.ROOT);
    }
}
