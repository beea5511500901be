package dev.parley.rtp.rtcp;

/** Packets and payload octets the bridge has sent, and the last RTP timestamp, for SRs. Thread-safe. */
public final class SenderStatistics {

    private long packets;
    private long octets;
    private long lastRtpTimestamp;
    private long lastSendNanos;
    private boolean sentSinceLastReport;

    public synchronized void onSent(int payloadBytes, long rtpTimestamp, long nowNanos) {
        packets++;
        octets += payloadBytes;
        lastRtpTimestamp = rtpTimestamp;
        lastSendNanos = nowNanos;
        sentSinceLastReport = true;
    }

    public synchronized long packetCount() {
        return packets;
    }

    public synchronized long octetCount() {
        return octets;
    }

    /** RTP timestamp and the monotonic time it went out: an SR extrapolates from these to "now". */
    public synchronized long lastRtpTimestamp() {
        return lastRtpTimestamp;
    }

    public synchronized long lastSendNanos() {
        return lastSendNanos;
    }

    /** True if RTP went out since the previous call (RFC 3550 §6.4: then the report is an SR, else an RR). */
    public synchronized boolean takeSentSinceLastReport() {
        boolean sent = sentSinceLastReport;
        sentSinceLastReport = false;
        return sent;
    }
}
