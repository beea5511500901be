package dev.parley.kms.gst;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.MediaException;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Even/odd UDP port pairs for RtpEndpoints, as KMS's kmssocketutils: start at a random even port
 * in [minPort, maxPort], step by 2, wrap around; RTP on the even port, RTCP on the next.
 */
final class RtpPorts {
    private final int minPort;
    private final int maxPort;
    private final Set<Integer> inUse = ConcurrentHashMap.newKeySet();

    RtpPorts(int minPort, int maxPort) {
        this.minPort = minPort + (minPort % 2);
        this.maxPort = maxPort;
        if (this.minPort + 1 > maxPort) {
            throw new IllegalArgumentException("RTP port range [" + minPort + "," + maxPort + "] holds no even/odd pair");
        }
    }

    /** A bound pair of GSockets; release it with {@link #release}. */
    record Pair(int rtpPort, Pointer rtpSocket, Pointer rtcpSocket) {
        int rtcpPort() {
            return rtpPort + 1;
        }
    }

    Pair allocate(boolean ipv6) {
        int pairs = (maxPort - minPort + 1) / 2;
        int start = ThreadLocalRandom.current().nextInt(pairs);
        String any = ipv6 ? "::" : "0.0.0.0";
        int family = ipv6 ? GioNative.FAMILY_IPV6 : GioNative.FAMILY_IPV4;
        for (int i = 0; i < pairs; i++) {
            int port = minPort + 2 * ((start + i) % pairs);
            if (inUse.contains(port)) {
                continue;
            }
            Pointer rtp = bind(family, any, port);
            if (rtp == null) {
                continue;
            }
            Pointer rtcp = bind(family, any, port + 1);
            if (rtcp == null) {
                close(rtp);
                continue;
            }
            if (inUse.add(port)) {
                return new Pair(port, rtp, rtcp);
            }
            close(rtp);
            close(rtcp);
        }
        throw new MediaException(ErrorCode.NOT_ENOUGH_RESOURCES,
                "no free RTP/RTCP port pair in [" + minPort + "," + maxPort + "]");
    }

    void release(Pair pair) {
        close(pair.rtpSocket());
        close(pair.rtcpSocket());
        inUse.remove(pair.rtpPort());
    }

    /** Port pairs currently held (the server's own count). */
    int pairsInUse() {
        return inUse.size();
    }

    private static Pointer bind(int family, String any, int port) {
        PointerByReference error = new PointerByReference();
        Pointer socket = GioNative.GIO.g_socket_new(family, GioNative.TYPE_DATAGRAM, GioNative.PROTOCOL_UDP, error);
        if (socket == null) {
            freeError(error);
            throw new MediaException(ErrorCode.NOT_ENOUGH_RESOURCES, "cannot create a UDP socket");
        }
        Pointer address = GioNative.GIO.g_inet_socket_address_new_from_string(any, port);
        try {
            if (GioNative.GIO.g_socket_bind(socket, address, false, error)) {
                return socket;
            }
            freeError(error);
            close(socket);
            return null;
        } finally {
            GLibNative.GOBJECT.g_object_unref(address);
        }
    }

    private static void close(Pointer socket) {
        PointerByReference error = new PointerByReference();
        if (!GioNative.GIO.g_socket_close(socket, error)) {
            freeError(error);
        }
        GLibNative.GOBJECT.g_object_unref(socket);
    }

    private static void freeError(PointerByReference error) {
        if (error.getValue() != null) {
            GioNative.GIO.g_error_free(error.getValue());
            error.setValue(null);
        }
    }
}
