package dev.parley.rtp.packet;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One RTCP packet of a compound datagram (RFC 3550 §6). Parley writes SR/RR + SDES CNAME (+ BYE on
 * close) and reads those; anything else (APP, RTPFB/PSFB feedback from an AVPF peer such as
 * Kurento's RtpEndpoint) is kept as {@link Other} and ignored.
 */
public sealed interface RtcpPacket permits SenderReport, ReceiverReport, SourceDescription, Goodbye, RtcpPacket.Other {

    int SR = 200;
    int RR = 201;
    int SDES = 202;
    int BYE = 203;

    /** Packet type in the second byte. */
    int packetType();

    /** Appends this packet, header included, to {@code out}. */
    void writeTo(ByteBuffer out);

    /** Bytes {@link #writeTo} writes: always a multiple of 4. */
    int encodedLength();

    /** A packet type the bridge does not interpret. */
    record Other(int packetType, int count, byte[] body) implements RtcpPacket {
        public Other {
            body = body.clone();
        }

        @Override
        public void writeTo(ByteBuffer out) {
            writeHeader(out, count, packetType, encodedLength());
            out.put(body);
        }

        @Override
        public int encodedLength() {
            return 4 + body.length;
        }
    }

    /** Parses a compound RTCP datagram into its packets; throws {@link RtpFormatException} naming the defect. */
    static List<RtcpPacket> parseCompound(byte[] data, int offset, int length) {
        if (length < 4) {
            throw new RtpFormatException("RTCP datagram of " + length + " bytes is shorter than one header");
        }
        List<RtcpPacket> packets = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        while (in.hasRemaining()) {
            if (in.remaining() < 4) {
                throw new RtpFormatException("RTCP datagram has " + in.remaining() + " trailing bytes after its last packet");
            }
            int start = in.position();
            int b0 = in.get() & 0xFF;
            if (b0 >>> 6 != RtpPacket.VERSION) {
                throw new RtpFormatException("RTCP version " + (b0 >>> 6) + ", expected 2");
            }
            boolean padding = (b0 & 0x20) != 0;
            int count = b0 & 0x1F;
            int packetType = in.get() & 0xFF;
            int bytes = 4 * ((in.getShort() & 0xFFFF) + 1);
            if (bytes > length - (start - offset)) {
                throw new RtpFormatException("RTCP packet type " + packetType + " announces " + bytes + " bytes but only "
                        + (length - (start - offset)) + " remain");
            }
            int bodyLength = bytes - 4;
            if (padding) {
                int paddingLength = data[start + bytes - 1] & 0xFF;
                if (paddingLength == 0 || paddingLength > bodyLength) {
                    throw new RtpFormatException("RTCP padding count " + paddingLength + " does not fit a body of " + bodyLength + " bytes");
                }
                bodyLength -= paddingLength;
            }
            ByteBuffer body = ByteBuffer.wrap(data, start + 4, bodyLength).slice();
            packets.add(switch (packetType) {
                case SR -> SenderReport.parseBody(count, body);
                case RR -> ReceiverReport.parseBody(count, body);
                case SDES -> SourceDescription.parseBody(count, body);
                case BYE -> Goodbye.parseBody(count, body);
                default -> {
                    byte[] raw = new byte[bodyLength];
                    body.get(raw);
                    yield new Other(packetType, count, raw);
                }
            });
            in.position(start + bytes);
        }
        return packets;
    }

    /** One datagram holding {@code packets} in order (RFC 3550 §6.1: a report first, then SDES). */
    static byte[] compound(List<? extends RtcpPacket> packets) {
        int total = packets.stream().mapToInt(RtcpPacket::encodedLength).sum();
        ByteBuffer out = ByteBuffer.allocate(total);
        for (RtcpPacket packet : packets) {
            packet.writeTo(out);
        }
        return out.array();
    }

    static void writeHeader(ByteBuffer out, int count, int packetType, int totalBytes) {
        out.put((byte) (RtpPacket.VERSION << 6 | count));
        out.put((byte) packetType);
        out.putShort((short) (totalBytes / 4 - 1));
    }

    static void requireBody(ByteBuffer body, int bytes, String what) {
        if (body.remaining() < bytes) {
            throw new RtpFormatException("RTCP " + what + " needs " + bytes + " bytes but only " + body.remaining() + " remain");
        }
    }
}
