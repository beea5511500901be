package dev.parley.rtp.jitter;

import dev.parley.rtp.packet.RtpPacket;

/** What the jitter buffer releases, in playout order: a packet to decode or a hole to conceal. */
public sealed interface JitterOutput {

    /** The next packet in sequence. */
    record Playout(RtpPacket packet) implements JitterOutput {
    }

    /**
     * A packet given up as lost.
     *
     * @param extendedSequence     its sequence number, extended past 16 bits
     * @param durationTimestampUnits how much audio it held, estimated from its neighbours' timestamps
     * @param nextPacket           the packet right after it if that one is here (Opus FEC rebuilds the loss from it), else null
     */
    record Loss(long extendedSequence, long durationTimestampUnits, RtpPacket nextPacket) implements JitterOutput {
    }
}
