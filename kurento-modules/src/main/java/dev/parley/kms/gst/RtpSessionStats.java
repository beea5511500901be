package dev.parley.kms.gst;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

import dev.parley.kms.media.RtpStreamStats;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one rtpbin session's sources the way KMS 7.1 does (kmsbasertpendpoint.c
 * {@code append_rtp_session_stats}, BaseRtpEndpointImpl.cpp): each RTPSource's "stats" structure
 * gives an outbound stream (an internal source) or an inbound one (a remote source); what the
 * peer reported about the outbound stream (loss, round trip) comes from the remote source whose
 * last report block was about it; NACK counts are the session's.
 */
final class RtpSessionStats {
    private static final Logger LOG = System.getLogger(RtpSessionStats.class.getName());
    /** RTCP's round trip is NTP short format: 16.16 fixed point seconds. */
    private static final double NTP_SHORT_UNIT = 65536.0;

    private RtpSessionStats() {
    }

    /** The local SDP direction KMS filters sources by ({@code filter_rtp_source}). */
    record Direction(boolean sends, boolean receives) {
        static final Direction NONE = new Direction(false, false);

        static Direction of(String sdpDirection) {
            return switch (sdpDirection) {
                case "sendrecv" -> new Direction(true, true);
                case "sendonly" -> new Direction(true, false);
                case "recvonly" -> new Direction(false, true);
                default -> NONE;
            };
        }
    }

    /** Must run on the GStreamer thread while {@code rtpbin} is alive. */
    static List<RtpStreamStats> read(Pointer rtpbin, int sessionId, Direction direction) {
        PointerByReference sessionRef = new PointerByReference();
        GLibNative.GOBJECT.g_signal_emit_by_name(rtpbin, "get-internal-session", sessionId, sessionRef);
        Pointer session = sessionRef.getValue();
        if (session == null) {
            return List.of();
        }
        try {
            long[] nacks = sessionNacks(session);
            List<Pointer> structures = sourceStats(session);
            try {
                return streams(structures, direction, nacks[0], nacks[1]);
            } finally {
                structures.forEach(RtpStatsNative.GST::gst_structure_free);
            }
        } finally {
            GLibNative.GOBJECT.g_object_unref(session);
        }
    }

    /** {sent, received} NACK packets of the whole session. */
    private static long[] sessionNacks(Pointer session) {
        PointerByReference statsRef = new PointerByReference();
        GLibNative.GOBJECT.g_object_get(session, "stats", statsRef, null);
        Pointer stats = statsRef.getValue();
        if (stats == null) {
            return new long[] {0, 0};
        }
        try {
            return new long[] {uint(stats, "sent-nack-count"), uint(stats, "recv-nack-count")};
        } finally {
            RtpStatsNative.GST.gst_structure_free(stats);
        }
    }

    /** A copy of each source's stats structure; the caller frees them. */
    private static List<Pointer> sourceStats(Pointer session) {
        PointerByReference arrayRef = new PointerByReference();
        GLibNative.GOBJECT.g_object_get(session, "sources", arrayRef, null);
        Pointer array = arrayRef.getValue();
        List<Pointer> result = new ArrayList<>();
        if (array == null) {
            return result;
        }
        try {
            int count = array.getInt(0); // GValueArray.n_values
            for (int i = 0; i < count; i++) {
                Pointer source = RtpStatsNative.GOBJECT.g_value_get_object(RtpStatsNative.GOBJECT.g_value_array_get_nth(array, i));
                PointerByReference statsRef = new PointerByReference();
                GLibNative.GOBJECT.g_object_get(source, "stats", statsRef, null);
                if (statsRef.getValue() != null) {
                    result.add(statsRef.getValue());
                }
            }
        } finally {
            RtpStatsNative.GOBJECT.g_value_array_free(array);
        }
        return result;
    }

    private static List<RtpStreamStats> streams(List<Pointer> sources, Direction direction, long sentNacks, long receivedNacks) {
        if (LOG.isLoggable(Level.TRACE)) {
            sources.forEach(s -> LOG.log(Level.TRACE, "RTP source stats: {0}", text(s)));
        }
        List<RtpStreamStats> result = new ArrayList<>();
        boolean silentExtra = sources.stream().filter(s -> bool(s, "internal")).count() > 1;
        for (Pointer s : sources) {
            boolean internal = bool(s, "internal");
            if (internal ? !direction.sends() : !direction.receives()) {
                continue;
            }
            if (internal && silentExtra && !bool(s, "is-sender") && uint64(s, "packets-sent") == 0) {
                // webrtcbin's session keeps an RTCP-only SSRC next to the payloader's. KMS sets the
                // session's internal SSRC to the payloader's, so it has one internal source only.
                continue;
            }
            long ssrc = uint(s, "ssrc");
            if (internal) {
                Pointer report = reportAbout(sources, ssrc);
                result.add(new RtpStreamStats(true, ssrc, uint64(s, "packets-sent"), uint64(s, "octets-sent"),
                        report == null ? 0 : integer(report, "rb-packetslost"),
                        report == null ? 0 : (int) uint(report, "rb-fractionlost"), 0,
                        report == null ? 0 : uint(report, "rb-round-trip") / NTP_SHORT_UNIT,
                        uint64(s, "bitrate"), uint(s, "recv-pli-count"), uint(s, "recv-fir-count"), receivedNacks));
            } else {
                long clockRate = integer(s, "clock-rate");
                double jitter = clockRate > 0 ? uint(s, "jitter") / (double) clockRate : 0;
                result.add(new RtpStreamStats(false, ssrc, uint64(s, "packets-received"), uint64(s, "octets-received"),
                        integer(s, "sent-rb-packetslost"), (int) uint(s, "sent-rb-fractionlost"), jitter, 0, 0,
                        uint(s, "sent-pli-count"), uint(s, "sent-fir-count"), sentNacks));
            }
        }
        return result;
    }

    /**
     * The remote source whose last report block was about {@code ssrc}. KMS takes the last remote
     * source in the list whatever its report was about; with one peer that is the same source.
     */
    private static Pointer reportAbout(List<Pointer> sources, long ssrc) {
        Pointer found = null;
        for (Pointer s : sources) {
            if (!bool(s, "internal") && bool(s, "have-rb") && uint(s, "rb-ssrc") == ssrc) {
                found = s;
            }
        }
        return found;
    }

    private static long uint64(Pointer structure, String field) {
        LongByReference value = new LongByReference();
        return RtpStatsNative.GST.gst_structure_get_uint64(structure, field, value) ? value.getValue() : 0;
    }

    private static long uint(Pointer structure, String field) {
        IntByReference value = new IntByReference();
        return RtpStatsNative.GST.gst_structure_get_uint(structure, field, value) ? Integer.toUnsignedLong(value.getValue()) : 0;
    }

    private static long integer(Pointer structure, String field) {
        IntByReference value = new IntByReference();
        return RtpStatsNative.GST.gst_structure_get_int(structure, field, value) ? value.getValue() : 0;
    }

    private static boolean bool(Pointer structure, String field) {
        IntByReference value = new IntByReference();
        return RtpStatsNative.GST.gst_structure_get_boolean(structure, field, value) && value.getValue() != 0;
    }

    private static String text(Pointer structure) {
        Pointer text = RtpStatsNative.GST.gst_structure_to_string(structure);
        try {
            return text.getString(0);
        } finally {
            GLibMemory.GLIB.g_free(text);
        }
    }
}
