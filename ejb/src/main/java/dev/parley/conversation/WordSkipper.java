package dev.parley.conversation;

/**
 * Drops the first {@code n} words of a streamed text: a resumed reply does not repeat what the user
 * already heard. A word counts as complete once white space follows it.
 */
final class WordSkipper {

    private int toSkip;
    private final StringBuilder pending = new StringBuilder();

    WordSkipper(int wordsToSkip) {
        this.toSkip = wordsToSkip;
    }

    /** Returns the part of {@code token} to pass on (possibly empty). */
    String accept(String token) {
        if (toSkip == 0) {
            return token;
        }
        pending.append(token);
        while (toSkip > 0) {
            int start = 0;
            while (start < pending.length() && Character.isWhitespace(pending.charAt(start))) {
                start++;
            }
            int end = start;
            while (end < pending.length() && !Character.isWhitespace(pending.charAt(end))) {
                end++;
            }
            if (end == start || end == pending.length()) {
                return "";
            }
            pending.delete(0, end);
            toSkip--;
        }
        String rest = pending.toString();
        pending.setLength(0);
        return rest;
    }

    /** End of stream: a last word still being skipped is dropped, anything else is passed on. */
    String finish() {
        if (toSkip > 0) {
            pending.setLength(0);
            toSkip = 0;
            return "";
        }
        String rest = pending.toString();
        pending.setLength(0);
        return rest;
    }
}
