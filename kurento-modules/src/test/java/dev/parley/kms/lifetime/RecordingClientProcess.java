package dev.parley.kms.lifetime;

import org.kurento.client.KurentoClient;
import org.kurento.client.MediaPipeline;
import org.kurento.client.MediaProfileSpecType;
import org.kurento.client.MediaType;
import org.kurento.client.RecorderEndpoint;
import org.kurento.client.RtpEndpoint;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An application that starts a recording and is then killed: a separate JVM, so the test can
 * SIGKILL it mid-recording and the server sees exactly what a crashed client leaves (a socket
 * closed by the kernel, no release, no closeSession).
 *
 * <p>Protocol on stdout: {@code ANSWER <base64 sdp>}, then {@code RECORDING}; then it waits.
 */
public final class RecordingClientProcess implements AutoCloseable {
    private static final long START_TIMEOUT_SECONDS = 60;

    private final Process process;
    private final BufferedReader out;
    private final List<String> lines = new ArrayList<>();

    private RecordingClientProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Child JVM entry point: {@code <server url> <recording uri> <base64 rtp offer>}. */
    public static void main(String[] args) throws Exception {
        KurentoClient kurento = KurentoClient.create(args[0]);
        MediaPipeline pipeline = kurento.createMediaPipeline();
        RtpEndpoint rtp = new RtpEndpoint.Builder(pipeline).build();
        RecorderEndpoint recorder = new RecorderEndpoint.Builder(pipeline, args[1])
                .withMediaProfile(MediaProfileSpecType.WEBM_AUDIO_ONLY).build();
        rtp.connect(recorder, MediaType.AUDIO);
        String answer = rtp.processOffer(new String(Base64.getDecoder().decode(args[2]), StandardCharsets.UTF_8));
        System.out.println("ANSWER " + Base64.getEncoder().encodeToString(answer.getBytes(StandardCharsets.UTF_8)));
        recorder.record();
        System.out.println("RECORDING " + pipeline.getId());
        System.out.flush();
        Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // until killed
    }

    /** Starts the child with this JVM's classpath and waits for its RTP answer. */
    public static RecordingClientProcess start(String serverUrl, Path file, String rtpOffer) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), RecordingClientProcess.class.getName(),
                serverUrl, file.toUri().toString(), Base64.getEncoder().encodeToString(rtpOffer.getBytes(StandardCharsets.UTF_8)))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return new RecordingClientProcess(p);
    }

    /** The line starting with {@code prefix}, without it. */
    public String await(String prefix) throws IOException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        String line;
        while (System.nanoTime() < end && (line = out.readLine()) != null) {
            lines.add(line);
            if (line.startsWith(prefix + " ")) {
                return line.substring(prefix.length() + 1);
            }
        }
        throw new IOException("the client process did not say " + prefix + "; it said " + lines);
    }

    public static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    /** SIGKILL: no shutdown hooks, no close frame. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            // kill() signals before it waits: only the wait for the exit was cut short.
            Thread.currentThread().interrupt();
        }
    }
}
