package dev.parley.rtp;

import dev.parley.rtp.sdp.RtpAudioFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge against GStreamer's own RTP Opus elements (gst-launch-1.0 from Debian), both ways:
 * libopus-encoded RTP into the bridge, and the bridge's Concentus-encoded RTP into libopus.
 * Run inside a loopback-only network namespace; every gst-launch is killed on every path.
 */
class RtpAudioBridgeGStreamerTest {

    private final List<Process> processes = new ArrayList<>();
    private RtpAudioBridge bridge;

    @TempDir
    Path dir;

    @AfterEach
    void stopEverything() throws InterruptedException {
        for (Process process : processes) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
        if (bridge != null) {
            bridge.close();
        }
    }

    private Process gstLaunch(String name, String pipeline) throws IOException {
        List<String> command = new ArrayList<>(List.of("gst-launch-1.0", "-q"));
        command.addAll(List.of(pipeline.trim().split("\\s+")));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
        processes.add(process);
        return process;
    }

    @Test
    void opusFromGStreamerIsHeardAndTheBridgesOpusPlaysInGStreamer() throws Exception {
        int gstPort = freeUdpPort();
        Path received = dir.resolve("from-bridge.raw");
        Process receiver = gstLaunch("receiver", "udpsrc address=127.0.0.1 port=" + gstPort
                + " caps=application/x-rtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload=96"
                + " ! rtpjitterbuffer latency=200 ! rtpopusdepay ! opusdec ! audioconvert ! audioresample"
                + " ! audio/x-raw,format=S16LE,rate=48000,channels=1 ! filesink buffer-mode=unbuffered location=" + received);

        FrameRecorder heard = new FrameRecorder();
        CountDownLatch played = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger sentOfTone = new java.util.concurrent.atomic.AtomicInteger();
        bridge = RtpAudioBridge.open(RtpBridgeSettings.defaults().withFormats(List.of(RtpAudioFormat.OPUS)), heard,
                (tag, samples, sentAtNanos) -> {
                    if (sentOfTone.addAndGet(samples) == 16_000) {
                        played.countDown();
                    }
                });
        bridge.start("v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=gst\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + gstPort + " RTP/AVP 96\r\na=rtpmap:96 opus/48000/2\r\na=sendrecv\r\n");

        // Stereo, as opus/48000/2 allows and a media server may send: the bridge hears it as mono.
        Process sender = gstLaunch("sender", "audiotestsrc is-live=true freq=880 volume=0.25 num-buffers=100 samplesperbuffer=960"
                + " ! audio/x-raw,rate=48000,channels=2 ! opusenc frame-size=20 ! rtpopuspay pt=96"
                + " ! udpsink host=127.0.0.1 port=" + bridge.localRtpPort());
        awaitUdpListener(gstPort, receiver); // packets sent before udpsrc binds would be refused
        bridge.queueAudio(new dev.parley.rtp.pacing.AudioTag(1, 0), Signals.tone(440, 16_000, 16_000, 8000));

        assertTrue(sender.waitFor(60, TimeUnit.SECONDS), "gst sender finished its 2 s of tone");
        assertEquals(0, sender.exitValue(), () -> log("sender"));
        assertTrue(played.await(10, TimeUnit.SECONDS), "the bridge sent its whole tone");
        awaitFileSize(received, 48_000 * 2 * 95 / 100, 10_000); // GStreamer may lag on a busy machine
        receiver.destroy();
        receiver.waitFor(5, TimeUnit.SECONDS);

        // GStreamer -> bridge
        assertTrue(heard.count() >= 90, "heard " + heard.count() + " of 100 frames; " + bridge.counters());
        short[] atBridge = heard.samples(10);
        assertEquals(880, Signals.dominantFrequency(atBridge, 0, 50 * 320, 16_000), 10);
        assertTrue(Signals.amplitudeAt(atBridge, 0, 50 * 320, 880, 16_000) > 3000, "audiotestsrc volume 0.25 is about 8000");
        assertEquals(0, bridge.counters().lost());

        // bridge -> GStreamer
        byte[] raw = Files.readAllBytes(received);
        short[] atGst = new short[raw.length / 2];
        ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(atGst);
        assertTrue(atGst.length >= 48_000 * 8 / 10, "GStreamer decoded " + atGst.length + " samples of the 1 s tone; " + log("receiver"));
        int start = firstLoudSample(atGst, 2000);
        assertTrue(start >= 0, "GStreamer heard the tone");
        int end = Math.min(atGst.length, start + 43_200);
        assertTrue(end - (start + 4800) >= 24_000, "at least half a second of the tone after its onset; " + log("receiver"));
        // Judged in 100 ms windows, so one disturbed stretch on a starved machine shows as one bad window, not a wrong answer.
        List<String> windows = new ArrayList<>();
        int good = 0;
        for (int from = start + 4800; from + 4800 <= end; from += 4800) {
            double frequency = Signals.dominantFrequency(atGst, from, from + 4800, 48_000);
            double level = Signals.amplitudeAt(atGst, from, from + 4800, 440, 48_000);
            windows.add(Math.round(frequency) + " Hz/" + Math.round(level));
            if (Math.abs(frequency - 440) <= 5 && level > 6000) {
                good++;
            }
        }
        assertTrue(good >= windows.size() * 3 / 4, "GStreamer heard 440 Hz at full level in " + good + " of " + windows.size()
                + " windows: " + windows + "; " + bridge.counters());
    }

    /** Waits until a UDP socket is bound to 127.0.0.1:{@code port} in this network namespace (/proc/net/udp). */
    private void awaitUdpListener(int port, Process owner) throws IOException, InterruptedException {
        String local = String.format("0100007F:%04X", port);
        // Generous: the first gst-launch after a plugin change rebuilds GStreamer's registry, slow on a busy machine.
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && owner.isAlive()) {
            for (String line : Files.readAllLines(Path.of("/proc/net/udp"))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length > 1 && fields[1].equals(local)) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("gst-launch " + (owner.isAlive() ? "never bound UDP port " + port : "exited with " + owner.exitValue())
                + ": " + log("receiver"));
    }

    private static void awaitFileSize(Path file, long bytes, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline && (!Files.exists(file) || Files.size(file) < bytes)) {
            Thread.sleep(50);
        }
    }

    private static int firstLoudSample(short[] pcm, int threshold) {
        for (int i = 0; i < pcm.length; i++) {
            if (Math.abs(pcm[i]) > threshold) {
                return i;
            }
        }
        return -1;
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress("127.0.0.1", 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }
}
