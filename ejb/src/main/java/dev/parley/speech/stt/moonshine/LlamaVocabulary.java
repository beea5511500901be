package dev.parley.speech.stt.moonshine;

import dev.parley.speech.SpeechException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The Llama SentencePiece vocabulary Moonshine's decoder emits, for decoding only (ids to text).
 * Pieces mark a word start with U+2581; {@code <0xNN>} pieces are raw UTF-8 bytes.
 */
final class LlamaVocabulary {
    static final int SIZE = 32_000;
    static final int BOS = 1;
    static final int EOS = 2;
    static final char WORD_START = '\u2581';

    private final String[] pieces;
    private final int[] byteValue; // -1 unless the piece is <0xNN>
    private final Map<String, Integer> ids = new HashMap<>();

    private LlamaVocabulary(String[] pieces) {
        this.pieces = pieces;
        this.byteValue = new int[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            String p = pieces[i];
            byteValue[i] = p.length() == 6 && p.startsWith("<0x") && p.endsWith(">")
                    ? Integer.parseInt(p.substring(3, 5), 16) : -1;
            if (byteValue[i] < 0 && i != BOS && i != EOS) {
                ids.putIfAbsent(p, i);
            }
        }
    }

    /** The id of a piece as the vocabulary spells it (a word start as U+2581), or -1. */
    int id(String piece) {
        return ids.getOrDefault(piece, -1);
    }

    /** The piece's text, a word start as U+2581; empty for byte pieces and the control ids. */
    String piece(int id) {
        return id < 0 || id >= SIZE || byteValue[id] >= 0 || id == BOS || id == EOS ? "" : pieces[id];
    }

    /** Whether the vocabulary holds {@code word} (spelt as given) as one whole-word piece. */
    boolean isOnePiece(String word) {
        return ids.containsKey(WORD_START + word);
    }

    /** Reads the base64 text the build extracted from llama-tokenizer-js (pieces separated by newlines). */
    static LlamaVocabulary read(InputStream base64, String source) {
        try (base64) {
            byte[] decoded = Base64.getMimeDecoder().decode(base64.readAllBytes());
            String[] pieces = new String(decoded, StandardCharsets.UTF_8).split("\n", -1);
            if (pieces.length < SIZE) {
                throw new SpeechException("Moonshine tokenizer vocabulary " + source + " has " + pieces.length
                        + " pieces, expected " + SIZE);
            }
            String[] exact = new String[SIZE];
            System.arraycopy(pieces, 0, exact, 0, SIZE);
            return new LlamaVocabulary(exact);
        } catch (IOException | IllegalArgumentException e) {
            throw new SpeechException("Moonshine tokenizer vocabulary " + source + " unreadable: " + e.getMessage(), e);
        }
    }

    /** The text of the ids; BOS, EOS and ids outside the vocabulary are skipped. */
    String decode(int[] ids, int count) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int k = 0; k < count; k++) {
            int id = ids[k];
            if (id == BOS || id == EOS || id < 0 || id >= SIZE) {
                continue;
            }
            if (byteValue[id] >= 0) {
                bytes.write(byteValue[id]);
            } else {
                bytes.writeBytes(pieces[id].replace(WORD_START, ' ').getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }
}
