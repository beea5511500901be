package dev.parley.kms.testing;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The far side of an RtpEndpoint in tests: a PCMU/8000 RTP peer on 127.0.0.1 that offers or
 * answers plain SDP, sends a sine tone in 20 ms packets, and keeps what it hears (decoded), the RTP
 * timestamps it received, plus packet and RTCP counts.
 */
public final class RtpPeer implements AutoCloseable {
    public static final int RATE = 8000;
    private static final int SAMPLES_PER_PACKET = 160;
    private static final int HEADER = 12;

    private final DatagramSocket rtp;
    private final DatagramSocket rtcp;
    private final Thread rtpReader;
    private final Thread rtcpReader;
    private final ScheduledExecutorService sender;
    private final ShortSink heard = new ShortSink();
    private final AtomicInteger packetsIn = new AtomicInteger();
    private final AtomicInteger rtcpIn = new AtomicInteger();
    private final AtomicInteger packetsOut = new AtomicInteger();
    private final long[] firstPacketNanos = {0};
    private final java.util.List<Long> rtpTimestamps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile InetSocketAddress remoteRtp;
    private volatile double toneHz;
    private volatile long firstSent;

    public RtpPeer() throws SocketException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        DatagramSocket pairRtp = null;
        DatagramSocket pairRtcp = null;
        for (int port = 40000 + 2 * (int) (Math.random() * 5000); pairRtcp == null; port += 2) {
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
        rtpReader = new Thread(this::readRtp, "rtp-peer-rtp");
        rtcpReader = new Thread(this::readRtcp, "rtp-peer-rtcp");
        rtpReader.setDaemon(true);
        rtcpReader.setDaemon(true);
        rtpReader.start();
        rtcpReader.start();
        sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rtp-peer-send");
            t.setDaemon(true);
            return t;
        });
    }

    public int rtpPort() {
        return rtp.getLocalPort();
    }

    /** A PCMU offer (RTP/AVP, a=rtcp) for this peer. */
    public String offer() {
        return "v=0\r\no=- 1 0 IN IP4 127.0.0.1\r\ns=rtp-peer\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
                + "a=rtcp:" + rtcp.getLocalPort() + "\r\na=sendrecv\r\n";
    }

    /** Takes the remote's RTP address from its SDP (answer or offer): c= and the audio m= port. */
    public void remoteDescription(String sdp) {
        String address = null;
        int port = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("c=") && address == null) {
                String[] parts = line.substring(2).trim().split(" ");
                address = parts[2];
            } else if (line.startsWith("m=audio ")) {
                port = Integer.parseInt(line.split(" ")[1]);
            }
        }
        if (address == null || port <= 0) {
            throw new IllegalArgumentException("no audio destination in " + sdp);
        }
        remoteRtp = new InetSocketAddress(address, port);
    }

    /** Starts sending a continuous sine at {@code hz} every 20 ms. */
    public void sendTone(double hz) {
        toneHz = hz;
        int ssrc = 0x5EED;
        long[] state = {0, 0};
        sender.scheduleAtFixedRate(() -> {
            InetSocketAddress to = remoteRtp;
            if (to == null) {
                return;
            }
            ByteBuffer packet = ByteBuffer.allocate(HEADER + SAMPLES_PER_PACKET);
            packet.put((byte) 0x80).put((byte) 0).putShort((short) state[0]).putInt((int) state[1]).putInt(ssrc);
            for (int i = 0; i < SAMPLES_PER_PACKET; i++) {
                double t = (state[1] + i) / (double) RATE;
                packet.put(G711.encode((short) (0.5 * 32767 * Math.sin(2 * Math.PI * toneHz * t))));
            }
            state[0]++;
            state[1] += SAMPLES_PER_PACKET;
            try {
                rtp.send(new DatagramPacket(packet.array(), packet.capacity(), to));
                if (packetsOut.incrementAndGet() == 1) {
                    firstSent = System.nanoTime();
                }
            } catch (IOException e) {
                // the socket closes at the end of the test
            }
        }, 0, 20, TimeUnit.MILLISECONDS);
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
            if (packet.getLength() <= HEADER || (buffer[1] & 0x7F) != 0) {
                continue;
            }
            synchronized (firstPacketNanos) {
                if (firstPacketNanos[0] == 0) {
                    firstPacketNanos[0] = System.nanoTime();
                }
            }
            packetsIn.incrementAndGet();
            rtpTimestamps.add(ByteBuffer.wrap(buffer, 4, 4).getInt() & 0xFFFF_FFFFL);
            int csrc = (buffer[0] & 0x0F) * 4;
            for (int i = HEADER + csrc; i < packet.getLength(); i++) {
                heard.add(G711.decode(buffer[i]));
            }
        }
    }

    private void readRtcp() {
        byte[] buffer = new byte[2048];
        while (!rtcp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                rtcp.receive(packet);
                rtcpIn.incrementAndGet();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Everything heard so far, decoded, as samples in [-1, 1] at 8 kHz. */
    public double[] heard() {
        return heard.toDoubles();
    }

    /** Forgets what was heard so far (to analyse only what follows). */
    public void clearHeard() {
        heard.clear();
    }

    /** System.nanoTime() of the first RTP packet received, 0 before. */
    public long firstPacketNanos() {
        synchronized (firstPacketNanos) {
            return firstPacketNanos[0];
        }
    }

    /** System.nanoTime() of the first RTP packet sent, 0 before. */
    public long firstSentNanos() {
        return firstSent;
    }

    /** The RTP timestamp of every audio packet received, in arrival order. */
    public java.util.List<Long> rtpTimestamps() {
        return java.util.List.copyOf(rtpTimestamps);
    }

    public int packetsReceived() {
        return packetsIn.get();
    }

    public int packetsSent() {
        return packetsOut.get();
    }

    public int rtcpReceived() {
        return rtcpIn.get();
    }

    @Override
    public void close() {
        sender.shutdownNow();
        rtp.close();
        rtcp.close();
        try {
            rtpReader.join(1000);
            rtcpReader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class ShortSink {
        private short[] data = new short[RATE * 4];
        private int size;

        synchronized void add(short s) {
            if (size == data.length) {
                data = java.util.Arrays.copyOf(data, data.length * 2);
            }
            data[size++] = s;
        }

        synchronized void clear() {
            size = 0;
        }

        synchronized double[] toDoubles() {
            double[] out = new double[size];
            for (int i = 0; i < size; i++) {
                out[i] = data[i] / 32768.0;
            }
            return out;
        }
    }
}
