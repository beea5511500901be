package dev.parley.speech.llm.retrieval;

import dev.parley.speech.SpeechException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses knowledge files: entries separated by blank lines; in an entry, lines starting with
 * {@code ?} list questions it answers ({@code |} separates variants), the other lines are the
 * answer; lines starting with {@code #} are comments.
 *
 * <pre>
 * ? what is parley | what are you
 * {name} is a voice agent for Jakarta EE.
 * </pre>
 */
public final class KnowledgeFile {
    private KnowledgeFile() {
    }

    public static List<KnowledgeEntry> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new SpeechException("knowledge file not found: " + file);
        }
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new SpeechException("knowledge file unreadable: " + file, e);
        }
    }

    public static List<KnowledgeEntry> readBuiltIn() {
        try (InputStream in = KnowledgeFile.class.getResourceAsStream(RetrievalSettings.BUILT_IN_KNOWLEDGE)) {
            if (in == null) {
                throw new SpeechException("built-in knowledge file missing from the classpath: " + RetrievalSettings.BUILT_IN_KNOWLEDGE);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RetrievalSettings.BUILT_IN_KNOWLEDGE);
        } catch (IOException e) {
            throw new SpeechException("built-in knowledge file unreadable", e);
        }
    }

    static List<KnowledgeEntry> parse(String text, String source) {
        List<KnowledgeEntry> entries = new ArrayList<>();
        List<String> questions = new ArrayList<>();
        StringBuilder answer = new StringBuilder();
        for (String raw : (text + "\n\n").split("\\R", -1)) {
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (line.isEmpty()) {
                if (answer.length() > 0) {
                    entries.add(new KnowledgeEntry(questions, answer.toString()));
                } else if (!questions.isEmpty()) {
                    throw new SpeechException("knowledge file " + source + ": questions " + questions + " have no answer");
                }
                questions = new ArrayList<>();
                answer.setLength(0);
            } else if (line.startsWith("?")) {
                Arrays.stream(line.substring(1).split("\\|")).map(String::strip).filter(q -> !q.isEmpty()).forEach(questions::add);
            } else {
                answer.append(answer.length() == 0 ? "" : " ").append(line);
            }
        }
        if (entries.isEmpty()) {
            throw new SpeechException("knowledge file " + source + " has no entries");
        }
        return entries;
    }
}
