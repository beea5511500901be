package dev.parley.kms.stats;

import dev.parley.kms.testing.G711;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A PCMU peer of an RtpEndpoint that knows exactly what it sent and received, so getStats can be
 * checked packet by packet: it sends 160-byte payloads on a schedule whose intervals alternate
 * (known jitter), can leave sequence numbers out (known loss), counts the RTP it gets back, keeps
 * the endpoint's last sender report and answers it with a receiver report it composes.
 */
final class StatsRtpPeer implements AutoCloseable {
    static final int PAYLOAD_BYTES = 160;
    static final int PEER_SSRC = 0x5EED5EED;
    private static final int HEADER = 12;

    private final DatagramSocket rtp;
    private final DatagramSocket rtcp;
    private final Thread rtpReader;
    private final Thread rtcpReader;
    private volatile Thread sender;
    private volatile boolean sending;
    private volatile InetSocketAddress remoteRtp;
    private volatile InetSocketAddress remoteRtcp;
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicLong receivedPayloadBytes = new AtomicLong();
    private final AtomicLong remoteSsrc = new AtomicLong(-1);
    private final AtomicInteger highestSeq = new AtomicInteger();
    /** Middle 32 bits of the NTP time of the endpoint's last sender report, and when it arrived. */
    private volatile long lastSrNtpMiddle = -1;
    private volatile long lastSrNanos;

    StatsRtpPeer() throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DatagramSocket pairRtp = null;
        DatagramSocket pairRtcp = null;
        for (int port = 42000 + 2 * (int) (Math.random() * 4000); pairRtcp == null; port += 2) {
            try {
                pairRtp = new DatagramSocket(new InetSocketAddress(loopback, port));
                pairRtcp = new DatagramSocket(new InetSocketAddress(loopback, port + 1));
            } catch (SocketException e) {
                if (pairRtp != null) {
                    pairRtp.close();
                }
            }
        }
        rtp = pairRtp;
        rtcp = pairRtcp;
        rtpReader = daemon(this::readRtp, "stats-peer-rtp");
        rtcpReader = daemon(this::readRtcp, "stats-peer-rtcp");
    }

    private static Thread daemon(Runnable body, String name) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    String offer() {
        return "v=0\r\no=- 7 0 IN IP4 127.0.0.1\r\ns=stats-peer\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + rtcp.getLocalPort() + "\r\na=sendrecv\r\n";
    }

    /** The endpoint's RTP address from its answer; its RTCP is on the next port (no a=rtcp rewrite needed). */
    void answer(String sdp) {
        String address = null;
        int port = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("c=") && address == null) {
                address = line.substring(2).trim().split(" ")[2];
            } else if (line.startsWith("m=audio ")) {
                port = Integer.parseInt(line.split(" ")[1]);
            }
        }
        remoteRtp = new InetSocketAddress(address, port);
        remoteRtcp = new InetSocketAddress(address, port + 1);
    }

    /**
     * Sends a tone every 20 ms of RTP time until {@link #stopSending}, with send intervals
     * alternating {@code 20 - swingMillis} and {@code 20 + swingMillis} ms, and leaves out
     * {@code skipped} packets after the {@code skipAfter}-th: their sequence numbers and timestamps
     * pass as if sent, so the receiver counts them lost without seeing a timing jump.
     */
    void startSending(int swingMillis, int skipAfter, int skipped) {
        sending = true;
        sender = daemon(() -> {
            long next = System.nanoTime();
            int seq = 1000;
            long timestamp = 50_000;
            for (int packet = 0; sending; packet++) {
                boolean skip = packet >= skipAfter && packet < skipAfter + skipped;
                if (!skip) {
                    send(seq, timestamp);
                }
                seq++;
                timestamp += PAYLOAD_BYTES;
                next += (20 + (packet % 2 == 0 ? -swingMillis : swingMillis)) * 1_000_000L;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }, "stats-peer-send");
    }

    private void send(int seq, long timestamp) {
        ByteBuffer packet = ByteBuffer.allocate(HEADER + PAYLOAD_BYTES);
        packet.put((byte) 0x80).put((byte) 0).putShort((short) seq).putInt((int) timestamp).putInt(PEER_SSRC);
        for (int i = 0; i < PAYLOAD_BYTES; i++) {
            double t = (timestamp + i) / 8000.0;
            packet.put(G711.encode((short) (0.4 * 32767 * Math.sin(2 * Math.PI * 440 * t))));
        }
        try {
            rtp.send(new DatagramPacket(packet.array(), packet.capacity(), remoteRtp));
            sent.incrementAndGet();
        } catch (IOException e) {
            // closed at the end of the test
        }
    }

    void stopSending() throws InterruptedException {
        sending = false;
        Thread t = sender;
        if (t != null) {
            t.join(2000);
        }
    }

    /**
     * Reports on the endpoint's stream: {@code fraction} (0-255) and {@code cumulativeLost} as
     * given, and the last sender report echoed with a delay since it that is {@code hiddenMillis}
     * shorter than the real one, so the endpoint measures a round trip of about that much.
     */
    void sendReceiverReport(int fraction, int cumulativeLost, int hiddenMillis) throws IOException {
        long realDelayNanos = System.nanoTime() - lastSrNanos;
        long dlsr = Math.max(0, (realDelayNanos / 1_000_000L - hiddenMillis) * 65536 / 1000);
        ByteBuffer rr = ByteBuffer.allocate(32);
        rr.put((byte) 0x81).put((byte) 201).putShort((short) 7).putInt(PEER_SSRC);
        rr.putInt((int) remoteSsrc.get());
        rr.putInt((fraction & 0xFF) << 24 | (cumulativeLost & 0xFFFFFF));
        rr.putInt(highestSeq.get());
        rr.putInt(0); // jitter
        rr.putInt((int) lastSrNtpMiddle);
        rr.putInt((int) dlsr);
        rtcp.send(new DatagramPacket(rr.array(), rr.capacity(), remoteRtcp));
    }

    private void readRtp() {
        byte[] buffer = new byte[2048];
        while (!rtp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                rtp.receive(packet);
            } catch (IOException e) {
                return;
            }
            if (packet.getLength() < HEADER) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, packet.getLength());
            int csrcBytes = (buffer[0] & 0x0F) * 4;
            int padding = (buffer[0] & 0x20) != 0 ? buffer[packet.getLength() - 1] & 0xFF : 0;
            remoteSsrc.set(b.getInt(8) & 0xFFFF_FFFFL);
            highestSeq.set(b.getShort(2) & 0xFFFF);
            received.incrementAndGet();
            receivedPayloadBytes.addAndGet(packet.getLength() - HEADER - csrcBytes - padding);
        }
    }

    private void readRtcp() {
        byte[] buffer = new byte[2048];
        while (!rtcp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                rtcp.receive(packet);
            } catch (IOException e) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, packet.getLength());
            for (int at = 0; at + 4 <= packet.getLength(); at += 4 * ((b.getShort(at + 2) & 0xFFFF) + 1)) {
                if ((buffer[at + 1] & 0xFF) == 200 && at + 20 <= packet.getLength()) {
                    long msw = b.getInt(at + 8) & 0xFFFF_FFFFL;
                    long lsw = b.getInt(at + 12) & 0xFFFF_FFFFL;
                    lastSrNanos = System.nanoTime();
                    lastSrNtpMiddle = (msw & 0xFFFF) << 16 | lsw >>> 16;
                }
            }
        }
    }

    boolean hasSenderReport() {
        return lastSrNtpMiddle >= 0;
    }

    int sent() {
        return sent.get();
    }

    int received() {
        return received.get();
    }

    long receivedPayloadBytes() {
        return receivedPayloadBytes.get();
    }

    /** The SSRC the endpoint sends with, -1 before its first packet. */
    long remoteSsrc() {
        return remoteSsrc.get();
    }

    /** The sockets are closed even when interrupted: the threads are daemons that end with their socket. */
    @Override
    public void close() {
        try {
            stopSending();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        rtp.close();
        rtcp.close();
        try {
            rtpReader.join(1000);
            rtcpReader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
