package dev.parley.store;

/** Keeps free text within its column instead of failing the whole write. */
final class Texts {

    private Texts() {
    }

    /**
     * The text without NUL characters (PostgreSQL rejects them in text columns), cut to at most
     * {@code maxLength} chars without splitting a surrogate pair (a lone half would not survive
     * the database's UTF-8).
     */
    static String clip(String text, int maxLength) {
        if (text == null) {
            return null;
        }
        String clean = text.indexOf('\0') < 0 ? text : text.replace("\0", "");
        if (clean.length() <= maxLength) {
            return clean;
        }
        int end = Character.isHighSurrogate(clean.charAt(maxLength - 1)) ? maxLength - 1 : maxLength;
        return clean.substring(0, end);
    }
}
