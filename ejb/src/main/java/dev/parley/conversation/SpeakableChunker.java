package dev.parley.conversation;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a language model's token stream into pieces a synthesiser can speak while later tokens are
 * still coming. The first piece is cut early, at the first clause boundary (", ; : —") once it is
 * {@code firstChunkMinChars} long, so the agent starts talking soon; later pieces end at sentence
 * boundaries; text with no boundary at all is cut at a word once it reaches {@code maxChars}.
 * A boundary counts only once the next character is known to be white space ("3.5" is not one).
 */
final class SpeakableChunker {

    private final int firstChunkMinChars;
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder();
    private boolean firstEmitted;

    SpeakableChunker(int firstChunkMinChars, int maxChars) {
        this.firstChunkMinChars = firstChunkMinChars;
        this.maxChars = maxChars;
    }

    /** Adds {@code token}; returns the chunks it completed, in order (usually none or one). */
    List<String> accept(String token) {
        buffer.append(token);
        List<String> chunks = new ArrayList<>();
        for (int cut = nextCut(); cut > 0; cut = nextCut()) {
            emit(cut, chunks);
        }
        return chunks;
    }

    /** The stream ended: whatever is left is the last chunk (empty list if nothing is). */
    List<String> finish() {
        List<String> chunks = new ArrayList<>();
        emit(buffer.length(), chunks);
        return chunks;
    }

    private void emit(int cut, List<String> chunks) {
        String chunk = buffer.substring(0, cut).strip();
        buffer.delete(0, cut);
        while (buffer.length() > 0 && Character.isWhitespace(buffer.charAt(0))) {
            buffer.deleteCharAt(0);
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
            firstEmitted = true;
        }
    }

    /** Index just past the next boundary in the buffer, or 0 when there is none yet. */
    private int nextCut() {
        int lastSpace = -1;
        for (int i = 0; i + 1 < buffer.length(); i++) {
            char c = buffer.charAt(i);
            boolean followedBySpace = Character.isWhitespace(buffer.charAt(i + 1));
            if (c == '\n' && i > 0) {
                return i + 1;
            }
            if (followedBySpace) {
                if (isSentenceEnd(c) && hasText(i)) {
                    return i + 1;
                }
                if (!firstEmitted && isClauseEnd(c) && i + 1 >= firstChunkMinChars) {
                    return i + 1;
                }
                if (i < maxChars) {
                    lastSpace = i + 1;
                }
            }
        }
        if (buffer.length() > maxChars && lastSpace > 0) {
            return lastSpace;
        }
        return 0;
    }

    private boolean hasText(int upTo) {
        for (int i = 0; i < upTo; i++) {
            if (Character.isLetterOrDigit(buffer.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isSentenceEnd(char c) {
        return c == '.' || c == '!' || c == '?';
    }

    private static boolean isClauseEnd(char c) {
        return c == ',' || c == ';' || c == ':' || c == '—' || c == '–';
    }
}
