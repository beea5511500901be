package dev.parley.rtp.packet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** RTCP BYE (RFC 3550 §6.6): the listed sources leave; {@code reason} may be empty. */
public record Goodbye(List<Long> ssrcs, String reason) implements RtcpPacket {

    public Goodbye {
        if (ssrcs.isEmpty() || ssrcs.size() > 31) {
            throw new IllegalArgumentException("a BYE names 1..31 sources, got " + ssrcs.size());
        }
        ssrcs.forEach(ssrc -> RtpPacket.requireUnsigned32("BYE SSRC", ssrc));
        if (reason.getBytes(StandardCharsets.UTF_8).length > 255) {
            throw new IllegalArgumentException("BYE reason longer than 255 bytes");
        }
        ssrcs = List.copyOf(ssrcs);
    }

    @Override
    public int packetType() {
        return BYE;
    }

    @Override
    public int encodedLength() {
        int reasonBytes = reason.isEmpty() ? 0 : (1 + reason.getBytes(StandardCharsets.UTF_8).length + 3) / 4 * 4;
        return 4 + 4 * ssrcs.size() + reasonBytes;
    }

    @Override
    public void writeTo(ByteBuffer out) {
        int end = out.position() + encodedLength();
        RtcpPacket.writeHeader(out, ssrcs.size(), BYE, encodedLength());
        ssrcs.forEach(ssrc -> out.putInt(ssrc.intValue()));
        if (!reason.isEmpty()) {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            out.put((byte) text.length).put(text);
        }
        while (out.position() < end) {
            out.put((byte) 0);
        }
    }

    static Goodbye parseBody(int count, ByteBuffer body) {
        RtcpPacket.requireBody(body, 4 * count, "BYE with " + count + " sources");
        if (count == 0) {
            throw new RtpFormatException("RTCP BYE names no source");
        }
        List<Long> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(body.getInt() & 0xFFFFFFFFL);
        }
        String reason = "";
        if (body.hasRemaining()) {
            int length = body.get() & 0xFF;
            RtcpPacket.requireBody(body, length, "BYE reason");
            byte[] text = new byte[length];
            body.get(text);
            reason = new String(text, StandardCharsets.UTF_8);
        }
        return new Goodbye(ssrcs, reason);
    }
}
