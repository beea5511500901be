package dev.parley.speech.llm.retrieval;

import ai.djl.modality.nlp.DefaultVocabulary;
import ai.djl.modality.nlp.bert.BertFullTokenizer;
import ai.djl.modality.nlp.bert.WordpieceTokenizer;
import ai.djl.modality.nlp.preprocess.TextProcessor;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns text into the token ids a BERT WordPiece model reads, from the model's HuggingFace
 * {@code tokenizer.json}, in pure Java: the native HuggingFace tokenizer binds its shared library
 * to the first class loader that loads it, so a redeployed application could no longer tokenize.
 *
 * <p>The work is DJL's pure-Java BERT tokenizer (its {@link BertFullTokenizer} preprocessors and
 * {@link WordpieceTokenizer}); a few steps around it make the result the HuggingFace
 * BertNormalizer / BertPreTokenizer / WordPiece one (the tests compare the ids): before DJL sees the
 * text, format, private-use and unassigned characters are dropped (DJL drops only ISO controls), CJK
 * ideographs are spaced apart (DJL has no such step) and letters are lower-cased one by one (DJL's
 * String.toLowerCase turns a word-final capital sigma into the final form, HuggingFace does not);
 * the word-length limit is the file's (DJL's full tokenizer fixes it at 200 characters); and the
 * file's added tokens ({@code [CLS]}, ...) written in the text are kept whole, as HuggingFace
 * matches them before normalising.
 */
final class MiniLmTokenizer {
    private static final String CLS = "[CLS]";
    private static final String SEP = "[SEP]";
    private static final int BERT_MAX_POSITIONS = 512;

    private final Map<String, Integer> vocabulary;
    private final List<TextProcessor> normalisers;
    private final WordpieceTokenizer wordPieces;
    private final Pattern addedTokens;
    private final int maxLength;
    private final int cls;
    private final int sep;
    private final int unknown;
    private final boolean lowerCase;

    private MiniLmTokenizer(JsonObject json, String source) {
        JsonObject model = object(json, "model", source);
        JsonObject normalizer = object(json, "normalizer", source);
        require(model.getString("type", "").equals("WordPiece"), source, "model.type is not WordPiece");
        require(model.getString("continuing_subword_prefix", "").equals("##"), source,
                "model.continuing_subword_prefix is not ## (the only prefix DJL's WordPiece tokenizer knows)");
        require(normalizer.getString("type", "").equals("BertNormalizer"), source, "normalizer.type is not BertNormalizer");
        require(normalizer.getBoolean("clean_text", false), source, "normalizer.clean_text is not true");
        require(normalizer.getBoolean("handle_chinese_chars", false), source, "normalizer.handle_chinese_chars is not true");
        require(object(json, "pre_tokenizer", source).getString("type", "").equals("BertPreTokenizer"), source,
                "pre_tokenizer.type is not BertPreTokenizer");
        this.lowerCase = normalizer.getBoolean("lowercase", false);
        // HuggingFace strips accents when strip_accents is null and lowercase is true; DJL always does.
        boolean stripAccents = normalizer.isNull("strip_accents") ? lowerCase : normalizer.getBoolean("strip_accents");
        require(stripAccents, source, "normalizer.strip_accents resolves to false (DJL always strips accents)");

        this.vocabulary = object(model, "vocab", source).entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> number(e.getValue(), source, "model.vocab")));
        String unknownToken = model.getString("unk_token", "");
        this.unknown = id(unknownToken, source);
        this.cls = id(CLS, source);
        this.sep = id(SEP, source);
        // No truncation in the file (BGE's) means BERT's own limit of 512 positions.
        this.maxLength = json.isNull("truncation") || !json.containsKey("truncation") ? BERT_MAX_POSITIONS
                : object(json, "truncation", source).getInt("max_length", 0);
        require(maxLength > 2, source, "truncation.max_length leaves no room for words between [CLS] and [SEP]");

        this.normalisers = BertFullTokenizer.getPreprocessors(lowerCase);
        List<String> tokens = new ArrayList<>(vocabulary.keySet());
        this.wordPieces = new WordpieceTokenizer(new DefaultVocabulary(tokens), unknownToken,
                model.getInt("max_input_chars_per_word", 100));
        List<JsonObject> addedJson = json.getJsonArray("added_tokens") == null ? List.of()
                : json.getJsonArray("added_tokens").getValuesAs(JsonObject.class);
        for (JsonObject token : addedJson) {
            require(!token.getBoolean("single_word", false) && !token.getBoolean("lstrip", false)
                    && !token.getBoolean("rstrip", false) && !token.getBoolean("normalized", false), source,
                    "added token " + token.getString("content") + " is matched with options this tokenizer lacks");
        }
        List<String> added = addedJson.stream().map(token -> token.getString("content")).toList();
        this.addedTokens = added.isEmpty() ? null
                : Pattern.compile(added.stream().map(Pattern::quote).collect(Collectors.joining("|")));
    }

    /** Reads a HuggingFace {@code tokenizer.json}; {@code source} names it in error messages. */
    static MiniLmTokenizer read(InputStream in, String source) {
        try (JsonReader reader = Json.createReader(in)) {
            return new MiniLmTokenizer(reader.readObject(), source);
        } catch (JsonException | ClassCastException | NullPointerException e) {
            throw new IllegalStateException(source + " is not a readable tokenizer.json: " + e.getMessage(), e);
        }
    }

    /** The most ids one encoding holds, [CLS] and [SEP] included (longer text is cut at the right). */
    int maxLength() {
        return maxLength;
    }

    /**
     * The ids of {@code [CLS]}, the text's word pieces (at most {@link #maxLength()} - 2 of them)
     * and {@code [SEP]}.
     *
     * @throws IllegalArgumentException when the text holds no word at all (empty, blank, only
     *         control or format characters)
     */
    long[] encode(String text) {
        if (text == null) {
            throw new IllegalArgumentException("cannot embed null text");
        }
        List<String> pieces = pieces(text);
        if (pieces.isEmpty()) {
            throw new IllegalArgumentException("cannot embed text without any word: \"" + printable(text) + "\"");
        }
        int words = Math.min(pieces.size(), maxLength - 2);
        long[] ids = new long[words + 2];
        ids[0] = cls;
        for (int i = 0; i < words; i++) {
            ids[i + 1] = vocabulary.getOrDefault(pieces.get(i), unknown);
        }
        ids[words + 1] = sep;
        return ids;
    }

    /** The word pieces of {@code text}, neither truncated nor framed by [CLS] and [SEP]. */
    List<String> pieces(String text) {
        List<String> pieces = new ArrayList<>();
        int from = 0;
        if (addedTokens != null) {
            Matcher matcher = addedTokens.matcher(text);
            while (matcher.find()) {
                wordPieces(text.substring(from, matcher.start()), pieces);
                pieces.add(matcher.group());
                from = matcher.end();
            }
        }
        wordPieces(text.substring(from), pieces);
        return pieces;
    }

    private void wordPieces(String text, List<String> pieces) {
        List<String> words = List.of(prepare(text));
        for (TextProcessor normaliser : normalisers) {
            words = normaliser.preprocess(words);
        }
        pieces.addAll(wordPieces.preprocess(words));
    }

    /** What DJL's preprocessors lack or do otherwise of HuggingFace's BertNormalizer. */
    private String prepare(String text) {
        StringBuilder out = new StringBuilder(text.length() + 8);
        text.codePoints().forEach(c -> {
            switch (Character.getType(c)) {
                case Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE -> {
                    // HuggingFace counts every "other" character but tab, newline and return as
                    // control and drops it; DJL drops only ISO controls (Cc), which it still does.
                }
                default -> {
                    if (isCjkIdeograph(c)) {
                        out.append(' ').appendCodePoint(c).append(' ');
                    } else {
                        out.appendCodePoint(lowerCase ? Character.toLowerCase(c) : c);
                    }
                }
            }
        });
        return out.toString();
    }

    /** The ideograph blocks BERT (and HuggingFace's BertNormalizer, ranges verbatim) spaces apart. */
    private static boolean isCjkIdeograph(int c) {
        return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)
                || (c >= 0x20000 && c <= 0x2A6DF) || (c >= 0x2A700 && c <= 0x2B73F)
                || (c >= 0x2B740 && c <= 0x2B81F) || (c >= 0x2B920 && c <= 0x2CEAF)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x2F800 && c <= 0x2FA1F);
    }

    private static String printable(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        StringBuilder out = new StringBuilder();
        shown.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04X", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    private int id(String token, String source) {
        Integer id = vocabulary.get(token);
        require(id != null, source, "the vocabulary has no " + token + " token");
        return id;
    }

    private static JsonObject object(JsonObject parent, String key, String source) {
        JsonValue value = parent.get(key);
        require(value != null && value.getValueType() == JsonValue.ValueType.OBJECT, source, "no \"" + key + "\" object");
        return value.asJsonObject();
    }

    private static int number(JsonValue value, String source, String where) {
        require(value.getValueType() == JsonValue.ValueType.NUMBER, source, where + " holds a value that is not an id: " + value);
        return ((jakarta.json.JsonNumber) value).intValueExact();
    }

    private static void require(boolean condition, String source, String problem) {
        if (!condition) {
            throw new IllegalStateException(source + ": unsupported tokenizer.json: " + problem);
        }
    }
}
