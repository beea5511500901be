package dev.parley.e2e.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A question as a stand-in caller's microphone sends it: flite's slt voice encoded to Opus by
 * GStreamer ({@code gst-launch-1.0}, which the setup installs), one 20 ms RTP payload per packet,
 * and the index of the last packet whose audio is loud, the end of the caller's speech.
 */
record SpokenQuestion(String text, List<byte[]> opusPackets, int lastLoudPacket) {

    private static final int SAMPLES_PER_FRAME = 960; // 20 ms at 48 kHz
    private static final int RTP_HEADER = 12;

    /** Speaks {@code text} into {@code work} (files removed afterwards). */
    static SpokenQuestion of(Path work, String text) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(work, "question-");
        try {
            Path wav = dir.resolve("q.wav");
            run("flite", "-voice", "slt", "-t", text, "-o", wav.toString());
            List<byte[]> packets = opus(dir, wav);
            Path pcm = dir.resolve("q.raw");
            run("sox", wav.toString(), "-r", "48000", "-c", "1", "-b", "16", "-e", "signed-integer", "-L", "-t", "raw", pcm.toString());
            ByteBuffer samples = ByteBuffer.wrap(Files.readAllBytes(pcm)).order(ByteOrder.LITTLE_ENDIAN);
            int lastLoud = -1;
            for (int frame = 0; (frame + 1) * SAMPLES_PER_FRAME * 2 <= samples.capacity(); frame++) {
                double sum = 0;
                for (int i = 0; i < SAMPLES_PER_FRAME; i++) {
                    double v = samples.getShort((frame * SAMPLES_PER_FRAME + i) * 2) / 32768.0;
                    sum += v * v;
                }
                if (Math.sqrt(sum / SAMPLES_PER_FRAME) > CallerRtp.LOUD_RMS) {
                    lastLoud = frame;
                }
            }
            if (lastLoud < 0 || packets.size() <= lastLoud) {
                throw new IOException("flite said nothing loud for '" + text + "' (" + packets.size() + " packets)");
            }
            return new SpokenQuestion(text, packets, lastLoud);
        } finally {
            BenchServers.deleteTree(dir);
        }
    }

    /** One Opus packet of digital silence, what the microphone sends between questions. */
    static byte[] silence(Path work) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory(work, "silence-");
        try {
            Path wav = dir.resolve("silence.wav");
            run("sox", "-n", "-r", "48000", "-c", "1", "-b", "16", wav.toString(), "trim", "0", "0.5");
            List<byte[]> packets = opus(dir, wav);
            return packets.get(packets.size() / 2);
        } finally {
            BenchServers.deleteTree(dir);
        }
    }

    /** {@code wav} as 20 ms Opus packets: GStreamer writes each RTP packet to its own file, whose header is dropped here. */
    private static List<byte[]> opus(Path dir, Path wav) throws IOException, InterruptedException {
        Path packets = Files.createDirectory(dir.resolve("rtp"));
        run("gst-launch-1.0", "-q", "filesrc", "location=" + wav, "!", "wavparse", "!", "audioconvert", "!", "audioresample", "!",
                "audio/x-raw,rate=48000,channels=1", "!", "opusenc", "frame-size=20", "bitrate=32000", "!", "rtpopuspay", "pt=96", "!",
                "multifilesink", "location=" + packets.resolve("p%05d.rtp"));
        List<byte[]> out = new ArrayList<>();
        try (var files = Files.list(packets)) {
            for (Path p : files.sorted().toList()) {
                byte[] rtp = Files.readAllBytes(p);
                out.add(Arrays.copyOfRange(rtp, RTP_HEADER, rtp.length));
            }
        }
        if (out.isEmpty()) {
            throw new IOException("GStreamer wrote no Opus packets for " + wav);
        }
        return out;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }
}
