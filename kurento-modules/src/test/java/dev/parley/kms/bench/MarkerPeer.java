package dev.parley.kms.bench;

import dev.parley.kms.testing.G711;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The RTP side of a benchmarked session: a PCMU/8000 peer on 127.0.0.1 that sends either a steady
 * tone (load) or 1 kHz bursts on a schedule (latency markers, send times kept), and notes the
 * arrival time of every loud packet after a quiet spell (marker onsets) plus sequence gaps (loss).
 * Sending runs on a shared scheduler so a hundred peers do not need a hundred sender threads.
 */
final class MarkerPeer implements AutoCloseable {
    static final int RATE = 8000;
    private static final int SAMPLES = 160;
    private static final int HEADER = 12;
    private static final double ONSET_RMS = 0.05;
    private static final long QUIET_BEFORE_ONSET_NANOS = 100_000_000L;

    private final DatagramSocket rtp;
    private final DatagramSocket rtcp;
    private final Thread reader;
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final List<Long> onsets = new ArrayList<>();
    private final List<Long> burstStarts = new ArrayList<>();
    private volatile InetSocketAddress remote;
    private java.util.concurrent.ScheduledFuture<?> sending;
    private long lastLoudNanos;
    private int lastSeq = -1;
    private int seq;
    private long timestamp;
    private final int ssrc = (int) (Math.random() * Integer.MAX_VALUE);

    MarkerPeer() throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DatagramSocket a = null;
        DatagramSocket b = null;
        for (int port = 30000 + 2 * (int) (Math.random() * 4000); b == null; port += 2) {
            try {
                a = new DatagramSocket(new InetSocketAddress(loopback, port));
                b = new DatagramSocket(new InetSocketAddress(loopback, port + 1));
            } catch (SocketException e) {
                if (a != null) {
                    a.close();
                }
            }
        }
        rtp = a;
        rtcp = b;
        reader = new Thread(this::read, "marker-peer-" + rtp.getLocalPort());
        reader.setDaemon(true);
        reader.start();
    }

    String offer() {
        return "v=0\r\no=- 1 0 IN IP4 127.0.0.1\r\ns=marker\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + rtcp.getLocalPort() + "\r\na=sendrecv\r\n";
    }

    void remoteDescription(String sdp) {
        String address = null;
        int port = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("c=") && address == null) {
                address = line.substring(2).trim().split(" ")[2];
            } else if (line.startsWith("m=audio ")) {
                port = Integer.parseInt(line.split(" ")[1]);
            }
        }
        remote = new InetSocketAddress(address, port);
    }

    /**
     * Sends every 20 ms on {@code scheduler}: a steady 440 Hz tone when {@code burstEveryPackets} is 0,
     * else 1 kHz for {@code burstPackets} packets every {@code burstEveryPackets} packets and silence between.
     */
    synchronized void start(ScheduledExecutorService scheduler, int burstPackets, int burstEveryPackets) {
        long[] n = {0};
        sending = scheduler.scheduleAtFixedRate(() -> {
            long k = n[0]++;
            boolean steady = burstEveryPackets == 0;
            boolean loud = steady || k % burstEveryPackets < burstPackets;
            if (!steady && k % burstEveryPackets == 0) {
                synchronized (burstStarts) {
                    burstStarts.add(System.nanoTime());
                }
            }
            send(loud ? (steady ? 440 : 1000) : 0);
        }, 0, 20, TimeUnit.MILLISECONDS);
    }

    /** Stops sending; receiving goes on. */
    synchronized void stopSending() {
        if (sending != null) {
            sending.cancel(false);
            sending = null;
        }
    }

    private void send(double hz) {
        InetSocketAddress to = remote;
        if (to == null) {
            return;
        }
        ByteBuffer p = ByteBuffer.allocate(HEADER + SAMPLES);
        p.put((byte) 0x80).put((byte) 0).putShort((short) seq++).putInt((int) timestamp).putInt(ssrc);
        for (int i = 0; i < SAMPLES; i++) {
            double t = (timestamp + i) / (double) RATE;
            p.put(G711.encode((short) (hz == 0 ? 0 : 0.5 * 32767 * Math.sin(2 * Math.PI * hz * t))));
        }
        timestamp += SAMPLES;
        try {
            rtp.send(new DatagramPacket(p.array(), p.capacity(), to));
            sent.incrementAndGet();
        } catch (IOException e) {
            // closed at the end of the run
        }
    }

    private void read() {
        byte[] buffer = new byte[2048];
        while (!rtp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                rtp.receive(packet);
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            if (packet.getLength() <= HEADER) {
                continue;
            }
            received.incrementAndGet();
            int s = ((buffer[2] & 0xFF) << 8) | (buffer[3] & 0xFF);
            if (lastSeq >= 0) {
                int gap = (s - lastSeq - 1) & 0xFFFF;
                if (gap > 0 && gap < 1000) {
                    lost.addAndGet(gap);
                }
            }
            lastSeq = s;
            double sum = 0;
            int n = packet.getLength() - HEADER;
            for (int i = HEADER; i < packet.getLength(); i++) {
                double v = G711.decode(buffer[i]) / 32768.0;
                sum += v * v;
            }
            if (Math.sqrt(sum / n) > ONSET_RMS) {
                if (now - lastLoudNanos > QUIET_BEFORE_ONSET_NANOS) {
                    synchronized (onsets) {
                        onsets.add(now);
                    }
                }
                lastLoudNanos = now;
            }
        }
    }

    /** System.nanoTime() of each loud packet that followed a quiet spell. */
    List<Long> onsets() {
        synchronized (onsets) {
            return new ArrayList<>(onsets);
        }
    }

    List<Long> burstStarts() {
        synchronized (burstStarts) {
            return new ArrayList<>(burstStarts);
        }
    }

    void clearMarks() {
        synchronized (onsets) {
            onsets.clear();
        }
        synchronized (burstStarts) {
            burstStarts.clear();
        }
        received.set(0);
        lost.set(0);
        sent.set(0);
    }

    long received() {
        return received.get();
    }

    long lost() {
        return lost.get();
    }

    long sent() {
        return sent.get();
    }

    @Override
    public synchronized void close() {
        if (sending != null) {
            sending.cancel(false);
        }
        rtp.close();
        rtcp.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
