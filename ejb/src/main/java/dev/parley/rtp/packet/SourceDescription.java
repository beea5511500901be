package dev.parley.rtp.packet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RTCP SDES (RFC 3550 §6.5) reduced to what RTP needs: the CNAME of each source. Other items are
 * skipped when parsing.
 *
 * @param cnames SSRC to CNAME, in packet order
 */
public record SourceDescription(Map<Long, String> cnames) implements RtcpPacket {

    private static final int END = 0;
    private static final int CNAME = 1;

    public SourceDescription {
        if (cnames.size() > 31) {
            throw new IllegalArgumentException("at most 31 chunks fit one SDES, got " + cnames.size());
        }
        cnames.forEach((ssrc, cname) -> {
            RtpPacket.requireUnsigned32("SDES SSRC", ssrc);
            if (cname.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("CNAME longer than 255 bytes: " + cname);
            }
        });
        cnames = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(cnames));
    }

    public static SourceDescription cname(long ssrc, String cname) {
        return new SourceDescription(Map.of(ssrc, cname));
    }

    @Override
    public int packetType() {
        return SDES;
    }

    @Override
    public int encodedLength() {
        int bytes = 4;
        for (String cname : cnames.values()) {
            bytes += chunkLength(cname);
        }
        return bytes;
    }

    private static int chunkLength(String cname) {
        int items = 2 + cname.getBytes(StandardCharsets.UTF_8).length + 1; // CNAME item + END
        return 4 + (items + 3) / 4 * 4;
    }

    @Override
    public void writeTo(ByteBuffer out) {
        RtcpPacket.writeHeader(out, cnames.size(), SDES, encodedLength());
        cnames.forEach((ssrc, cname) -> {
            byte[] text = cname.getBytes(StandardCharsets.UTF_8);
            int end = out.position() + chunkLength(cname);
            out.putInt(ssrc.intValue());
            out.put((byte) CNAME).put((byte) text.length).put(text);
            while (out.position() < end) {
                out.put((byte) END); // the END item plus padding to a word boundary are all zero bytes
            }
        });
    }

    static SourceDescription parseBody(int count, ByteBuffer body) {
        Map<Long, String> cnames = new LinkedHashMap<>();
        for (int chunk = 0; chunk < count; chunk++) {
            RtcpPacket.requireBody(body, 4, "SDES chunk");
            int chunkStart = body.position();
            long ssrc = body.getInt() & 0xFFFFFFFFL;
            while (true) {
                RtcpPacket.requireBody(body, 1, "SDES item type");
                int type = body.get() & 0xFF;
                if (type == END) {
                    break;
                }
                RtcpPacket.requireBody(body, 1, "SDES item length");
                int length = body.get() & 0xFF;
                RtcpPacket.requireBody(body, length, "SDES item text");
                byte[] text = new byte[length];
                body.get(text);
                if (type == CNAME) {
                    cnames.put(ssrc, new String(text, StandardCharsets.UTF_8));
                }
            }
            int used = body.position() - chunkStart;
            body.position(Math.min(body.limit(), chunkStart + (used + 3) / 4 * 4));
        }
        return new SourceDescription(cnames);
    }
}
