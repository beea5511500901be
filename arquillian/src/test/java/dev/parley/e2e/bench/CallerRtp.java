package dev.parley.e2e.bench;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in caller's mouth and ears: plain RTP on 127.0.0.1 toward two RtpEndpoints of the
 * caller's pipeline. The mouth sends Opus (wideband, as a browser does: a recogniser hears
 * narrowband PCMU worse) every 20 ms without a break, like a microphone (silence between
 * questions, a question's packets when one is spoken) and notes when the last loud packet of each
 * question left. The ears take PCMU/8000, plain samples for the loudness of the agent's audio: they
 * note the arrival time of every loud packet, sequence gaps, and arrival gaps.
 */
final class CallerRtp implements AutoCloseable {
    private static final int HEADER = 12;
    /** RMS of a packet, as a fraction of full scale, above which it is speech (about -34 dBFS). */
    static final double LOUD_RMS = 0.02;
    /** An arrival this much later than the previous packet is a gap the caller would hear. */
    private static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private static final int OPUS_PAYLOAD_TYPE = 96;
    private static final int OPUS_TIMESTAMP_STEP = 960;

    private final DatagramSocket rtp;
    private final DatagramSocket rtcp;
    private final DatagramSocket mouthRtp;
    private final DatagramSocket mouthRtcp;
    private final byte[] silence;
    private final Thread ears;
    private final Deque<byte[]> toSend = new ArrayDeque<>();
    private final List<Long> loudArrivals = new ArrayList<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong gaps = new AtomicLong();
    private final int ssrc = ThreadLocalRandom.current().nextInt();
    private volatile InetSocketAddress remote;
    private volatile InetSocketAddress mouthRemote;
    private ScheduledFuture<?> mouth;
    private int seq;
    private long timestamp;
    private int lastSeq = -1;
    private long lastArrival;
    /** Frames of the utterance being spoken until its last loud one, and who waits for it. */
    private int loudFramesLeft;
    private CountDownLatch utteranceSpoken;
    private volatile long lastLoudSent;

    /** @param silence the Opus payload the mouth sends while the caller says nothing */
    CallerRtp(byte[] silence) throws SocketException {
        this.silence = silence.clone();
        DatagramSocket[] earsPair = portPair();
        rtp = earsPair[0];
        rtcp = earsPair[1];
        DatagramSocket[] mouthPair = portPair();
        mouthRtp = mouthPair[0];
        mouthRtcp = mouthPair[1];
        ears = new Thread(this::listen, "caller-ears-" + rtp.getLocalPort());
        ears.setDaemon(true);
        ears.start();
    }

    private static DatagramSocket[] portPair() {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        for (int port = 40000 + 2 * ThreadLocalRandom.current().nextInt(5000); ; port += 2) {
            DatagramSocket a = null;
            try {
                a = new DatagramSocket(new InetSocketAddress(loopback, port));
                return new DatagramSocket[] {a, new DatagramSocket(new InetSocketAddress(loopback, port + 1))};
            } catch (SocketException e) {
                if (a != null) {
                    a.close();
                }
            }
        }
    }

    /** The offer for the ears' RtpEndpoint: PCMU, plain samples. */
    String earsOffer() {
        return "v=0\r\no=- " + rtp.getLocalPort() + " 0 IN IP4 127.0.0.1\r\ns=stand-in caller\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + rtp.getLocalPort() + " RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=rtcp:" + rtcp.getLocalPort()
                + "\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    /** The offer for the mouth's RtpEndpoint: Opus, mono. */
    String mouthOffer() {
        return "v=0\r\no=- " + mouthRtp.getLocalPort() + " 0 IN IP4 127.0.0.1\r\ns=stand-in caller\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                + "m=audio " + mouthRtp.getLocalPort() + " RTP/AVP " + OPUS_PAYLOAD_TYPE + "\r\na=rtpmap:" + OPUS_PAYLOAD_TYPE
                + " opus/48000/2\r\na=rtcp:" + mouthRtcp.getLocalPort() + "\r\na=ptime:20\r\na=sendrecv\r\n";
    }

    void mouthAnswer(String sdp) {
        mouthRemote = address(sdp);
    }

    void earsAnswer(String sdp) {
        remote = address(sdp);
    }

    /** Where an RtpEndpoint's answer says to send. */
    private static InetSocketAddress address(String sdp) {
        String address = null;
        int port = -1;
        for (String line : sdp.split("\r?\n")) {
            if (line.startsWith("c=") && address == null) {
                address = line.substring(2).trim().split(" ")[2];
            } else if (line.startsWith("m=audio ")) {
                port = Integer.parseInt(line.split(" ")[1]);
            }
        }
        if (address == null || port <= 0) {
            throw new IllegalArgumentException("no audio address in the RtpEndpoint's answer: " + sdp);
        }
        return new InetSocketAddress(address, port);
    }

    /** Starts the microphone: a packet every 20 ms from now on, on {@code clock}. */
    synchronized void open(ScheduledExecutorService clock) {
        mouth = clock.scheduleAtFixedRate(this::sendNext, 0, 20, TimeUnit.MILLISECONDS);
    }

    /**
     * Speaks {@code question} and returns once its last loud packet has left: the
     * {@code System.nanoTime()} of that moment, the end of the caller's speech.
     */
    long speak(SpokenQuestion question) throws InterruptedException {
        CountDownLatch spoken = new CountDownLatch(1);
        synchronized (this) {
            toSend.addAll(question.opusPackets());
            loudFramesLeft = question.lastLoudPacket() + 1;
            utteranceSpoken = spoken;
        }
        if (!spoken.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the microphone stalled");
        }
        return lastLoudSent;
    }

    private void sendNext() {
        InetSocketAddress to = mouthRemote;
        byte[] payload;
        synchronized (this) {
            payload = toSend.poll();
            if (payload != null && loudFramesLeft > 0 && --loudFramesLeft == 0) {
                lastLoudSent = System.nanoTime();
                utteranceSpoken.countDown();
            }
        }
        if (payload == null) {
            payload = silence;
        }
        if (to == null) {
            return;
        }
        ByteBuffer packet = ByteBuffer.allocate(HEADER + payload.length);
        packet.put((byte) 0x80).put((byte) OPUS_PAYLOAD_TYPE).putShort((short) seq++).putInt((int) timestamp).putInt(ssrc).put(payload);
        timestamp += OPUS_TIMESTAMP_STEP;
        try {
            mouthRtp.send(new DatagramPacket(packet.array(), packet.capacity(), to));
        } catch (IOException e) {
            // closed at the end of the call
        }
    }

    private void listen() {
        byte[] buffer = new byte[2048];
        while (!rtp.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                rtp.receive(packet);
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            if (packet.getLength() <= HEADER || (buffer[1] & 0x7F) != 0) {
                continue; // not PCMU audio
            }
            received.incrementAndGet();
            int s = ((buffer[2] & 0xFF) << 8) | (buffer[3] & 0xFF);
            if (lastSeq >= 0) {
                int missing = (s - lastSeq - 1) & 0xFFFF;
                if (missing > 0 && missing < 1000) {
                    lost.addAndGet(missing);
                }
                if (now - lastArrival > GAP_NANOS) {
                    gaps.incrementAndGet();
                }
            }
            lastSeq = s;
            lastArrival = now;
            if (rms(buffer, HEADER, packet.getLength()) > LOUD_RMS) {
                synchronized (loudArrivals) {
                    loudArrivals.add(now);
                }
            }
        }
    }

    /** The arrival of the first loud packet after {@code nanos}, or -1. */
    long firstLoudAfter(long nanos) {
        synchronized (loudArrivals) {
            for (int i = loudArrivals.size() - 1; i >= 0; i--) {
                if (loudArrivals.get(i) <= nanos) {
                    return i + 1 < loudArrivals.size() ? loudArrivals.get(i + 1) : -1;
                }
            }
            return loudArrivals.isEmpty() ? -1 : loudArrivals.get(0);
        }
    }

    /** The arrival of the latest loud packet, or -1. */
    long lastLoud() {
        synchronized (loudArrivals) {
            return loudArrivals.isEmpty() ? -1 : loudArrivals.get(loudArrivals.size() - 1);
        }
    }

    long received() {
        return received.get();
    }

    /** Packets missing from the agent's sequence numbers, as they reached the caller's ears. */
    long lost() {
        return lost.get();
    }

    /** Arrivals more than 100 ms after the previous packet: the agent's stream stalled. */
    long gaps() {
        return gaps.get();
    }

    static double rms(byte[] mulaw, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            double v = MuLaw.decode(mulaw[i]) / 32768.0;
            sum += v * v;
        }
        return Math.sqrt(sum / Math.max(1, to - from));
    }

    @Override
    public synchronized void close() {
        if (mouth != null) {
            mouth.cancel(false);
        }
        rtp.close();
        rtcp.close();
        mouthRtp.close();
        mouthRtcp.close();
        try {
            ears.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** G.711 μ-law to 16-bit linear (ITU-T G.711's expansion). */
    static final class MuLaw {
        private MuLaw() {
        }

        static int decode(byte coded) {
            int u = ~coded & 0xFF;
            int magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
            return (u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84;
        }
    }
}
