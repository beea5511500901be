package dev.parley.store;

/** Keeps free text within its column instead of failing the whole write. */
final class Texts {

    private Texts() {
    }

    static String clip(String text, int maxLength) {
        return text == null || text.length() <= maxLength ? text : text.substring(0, maxLength);
    }
}
