package dev.parley.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the fake microphone's WAV at test time: flite speaking each line, separated by silences,
 * as 48 kHz mono 16-bit (what Chromium's fake capture reads best). Nothing binary is committed.
 */
public final class SpokenWav {

    private final List<Path> parts = new ArrayList<>();
    private final Path dir;
    /** Seconds of audio in the parts so far: where the next part starts in the written file. */
    private double elapsed;

    public SpokenWav(Path dir) {
        this.dir = dir;
    }

    public SpokenWav silence(double seconds) throws IOException, InterruptedException {
        Path part = dir.resolve("part-" + parts.size() + ".wav");
        run("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", part.toString(), "trim", "0", String.valueOf(seconds));
        return add(part);
    }

    /**
     * Noise of a colour sox synthesises ({@code whitenoise}, {@code pinknoise}, {@code brownnoise})
     * at {@code volume} of full scale, for noise-over-the-agent cases.
     */
    public SpokenWav noise(String colour, double seconds, double volume) throws IOException, InterruptedException {
        Path part = dir.resolve("part-" + parts.size() + ".wav");
        run("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", part.toString(), "synth", String.valueOf(seconds), colour,
                "vol", String.valueOf(volume));
        return add(part);
    }

    /**
     * A cough-like burst: two bursts of low-heavy noise with a sharp attack and a ~0.2 s decay, the
     * second weaker, 0.15 s apart.
     */
    public SpokenWav cough() throws IOException, InterruptedException {
        Path part = dir.resolve("part-" + parts.size() + ".wav");
        Path first = dir.resolve("cough-a-" + parts.size() + ".wav");
        Path second = dir.resolve("cough-b-" + parts.size() + ".wav");
        run("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", first.toString(), "synth", "0.25", "pinknoise",
                "lowpass", "1500", "fade", "p", "0.01", "0.25", "0.2", "vol", "0.9", "pad", "0", "0.15");
        run("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", second.toString(), "synth", "0.2", "pinknoise",
                "lowpass", "1200", "fade", "p", "0.01", "0.2", "0.16", "vol", "0.5");
        run("sox", first.toString(), second.toString(), part.toString());
        return add(part);
    }

    /** Keyboard-like clicks: {@code count} 4 ms noise ticks, one every {@code everySeconds}. */
    public SpokenWav clicks(int count, double everySeconds) throws IOException, InterruptedException {
        Path part = dir.resolve("part-" + parts.size() + ".wav");
        run("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", part.toString(), "synth", "0.004", "whitenoise", "vol", "0.7",
                "pad", "0", String.valueOf(everySeconds - 0.004), "repeat", String.valueOf(count - 1));
        return add(part);
    }

    /** Where the next part starts in the written file, in seconds. */
    public double elapsed() {
        return elapsed;
    }

    public SpokenWav say(String text) throws IOException, InterruptedException {
        Path raw = dir.resolve("flite-" + parts.size() + ".wav");
        Path part = dir.resolve("part-" + parts.size() + ".wav");
        run("flite", "-voice", "slt", "-t", text, "-o", raw.toString());
        run("sox", raw.toString(), "-r", "48000", "-c", "1", "-b", "16", part.toString());
        return add(part);
    }

    private SpokenWav add(Path part) throws IOException, InterruptedException {
        parts.add(part);
        elapsed += seconds(part);
        return this;
    }

    /** Seconds of audio in {@code wav}, as sox reads it. */
    public static double seconds(Path wav) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("soxi", "-D", wav.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor(10, TimeUnit.SECONDS);
        return Double.parseDouble(out);
    }

    public Path write(String name) throws IOException, InterruptedException {
        Path wav = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("sox"));
        parts.forEach(p -> command.add(p.toString()));
        command.add(wav.toString());
        run(command.toArray(String[]::new));
        return wav;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    static Path tempDir() throws IOException {
        return Files.createTempDirectory("parley-e2e-audio-");
    }

    /** Deletes {@code dir} and the audio files in it; nothing if it is absent. */
    public static void deleteAll(Path dir) throws IOException {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
