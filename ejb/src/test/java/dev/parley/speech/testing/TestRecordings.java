package dev.parley.speech.testing;

import dev.parley.speech.audio.WavReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Real human speech from Debian's pocketsphinx-testdata: the librivox and cards sets with their transcripts. */
public final class TestRecordings {
    public static final Path DATA = Path.of("/usr/share/pocketsphinx/test/data");

    public record Recording(String name, Path file, String transcript) {
        public short[] pcm() {
            return WavReader.read16kMono(file);
        }
    }

    private TestRecordings() {
    }

    public static List<Recording> librivoxAndCards() {
        List<Recording> recordings = new ArrayList<>();
        recordings.addAll(read(DATA.resolve("librivox"), "transcription"));
        recordings.addAll(read(DATA.resolve("cards"), "cards.transcription"));
        return recordings;
    }

    /** Lines like {@code <s> ten of clubs </s> (001)}: the recording is 001.wav beside the file. */
    private static List<Recording> read(Path folder, String transcriptFile) {
        try {
            List<Recording> recordings = new ArrayList<>();
            for (String line : Files.readAllLines(folder.resolve(transcriptFile))) {
                if (line.isBlank()) {
                    continue;
                }
                int open = line.lastIndexOf('(');
                String name = line.substring(open + 1, line.lastIndexOf(')'));
                String text = line.substring(0, open).replace("<s>", "").replace("</s>", "").strip();
                recordings.add(new Recording(name, folder.resolve(name + ".wav"), text));
            }
            return recordings;
        } catch (IOException e) {
            throw new UncheckedIOException("pocketsphinx-testdata missing? (apt-get install pocketsphinx-testdata)", e);
        }
    }
}
