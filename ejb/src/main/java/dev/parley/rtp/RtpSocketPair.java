package dev.parley.rtp;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The bridge's two UDP sockets: RTP on an even port, RTCP on the next (RFC 3550 §11; no rtcp-mux,
 * as Kurento's RtpEndpoint has it off). The search starts at a random even port of the range and
 * steps by two, wrapping around, like Kurento's own allocator, so concurrent sessions rarely collide.
 */
final class RtpSocketPair implements AutoCloseable {

    private final DatagramChannel rtp;
    private final DatagramChannel rtcp;

    private RtpSocketPair(DatagramChannel rtp, DatagramChannel rtcp) {
        this.rtp = rtp;
        this.rtcp = rtcp;
    }

    static RtpSocketPair bind(InetAddress address, int minPort, int maxPort) throws IOException {
        int firstEven = minPort + (minPort & 1);
        int pairs = (maxPort - firstEven + 1) / 2;
        if (pairs < 1) {
            throw new IllegalArgumentException("port range " + minPort + ".." + maxPort + " holds no even/odd pair");
        }
        int start = ThreadLocalRandom.current().nextInt(pairs);
        for (int i = 0; i < pairs; i++) {
            int port = firstEven + 2 * ((start + i) % pairs);
            DatagramChannel rtp = tryBind(address, port);
            if (rtp == null) {
                continue;
            }
            DatagramChannel rtcp = tryBind(address, port + 1);
            if (rtcp == null) {
                rtp.close();
                continue;
            }
            return new RtpSocketPair(rtp, rtcp);
        }
        throw new BindException("no free RTP/RTCP port pair on " + address.getHostAddress() + " in " + minPort + ".." + maxPort);
    }

    private static DatagramChannel tryBind(InetAddress address, int port) throws IOException {
        DatagramChannel channel = DatagramChannel.open(address instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6
                : StandardProtocolFamily.INET);
        try {
            channel.bind(new InetSocketAddress(address, port));
            channel.configureBlocking(false);
            return channel;
        } catch (BindException e) {
            channel.close();
            return null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    DatagramChannel rtp() {
        return rtp;
    }

    DatagramChannel rtcp() {
        return rtcp;
    }

    int rtpPort() {
        return rtp.socket().getLocalPort();
    }

    @Override
    public void close() {
        closeQuietly(rtp);
        closeQuietly(rtcp);
    }

    private static void closeQuietly(DatagramChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing useful to do: the descriptor is released either way
        }
    }
}
