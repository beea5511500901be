package dev.parley.speech.stt.vosk;

import dev.parley.speech.SpeechException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Vosk reads its model from a folder, and inside an EAR the built-in one is no folder: it is
 * copied to a temporary one that lives as long as the recognizer.
 */
final class VoskModelFiles implements AutoCloseable {
    private final Path dir;
    private final boolean temporary;

    private VoskModelFiles(Path dir, boolean temporary) {
        this.dir = dir;
        this.temporary = temporary;
    }

    static VoskModelFiles of(VoskSettings settings) {
        if (settings.modelDir().isPresent()) {
            Path dir = settings.modelDir().get();
            if (!Files.isRegularFile(dir.resolve("am/final.mdl"))) {
                throw new SpeechException("Vosk model folder " + dir + " has no am/final.mdl");
            }
            return new VoskModelFiles(dir, false);
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("parley-vosk-model");
        } catch (IOException e) {
            throw new SpeechException("cannot make a temporary folder for the Vosk model: " + e.getMessage(), e);
        }
        VoskModelFiles files = new VoskModelFiles(dir, true);
        try {
            for (String name : VoskSettings.BUILT_IN_MODEL_FILES) {
                String resource = VoskSettings.BUILT_IN_MODEL_RESOURCES + name;
                try (InputStream in = VoskModelFiles.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new SpeechException("Vosk model file missing from the classpath at " + resource
                                + " (the ejb build unpacks it from com.alphacephei:vosk-model-en)");
                    }
                    Path target = dir.resolve(name);
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return files;
        } catch (IOException | RuntimeException e) {
            files.close();
            if (e instanceof SpeechException s) {
                throw s;
            }
            throw new SpeechException("cannot copy the Vosk model to " + dir + ": " + e.getMessage(), e);
        }
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        if (!temporary) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary folder is no reason to fail an undeploy; the OS cleans /tmp.
        }
    }
}
