package dev.parley.rtp.packet;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One RTP packet (RFC 3550 §5.1). Unsigned 32-bit fields (timestamp, SSRC, CSRCs) are held in
 * {@code long}s so that comparisons and arithmetic never see Java's sign bit.
 *
 * @param marker         the M bit (for audio: first packet of a talkspurt, RFC 3551 §4.1)
 * @param payloadType    0..127
 * @param sequenceNumber 0..65535
 * @param timestamp      0..2^32-1, in the payload format's clock rate
 * @param ssrc           0..2^32-1
 * @param csrcs          up to 15 contributing sources
 * @param extension      the header extension, or {@code null}
 * @param payload        the payload without padding
 * @param paddingLength  padding bytes after the payload (0 = no P bit); parsed or to be written
 */
public record RtpPacket(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc,
                        long[] csrcs, RtpHeaderExtension extension, byte[] payload, int paddingLength) {

    public static final int VERSION = 2;
    public static final int FIXED_HEADER_BYTES = 12;

    public RtpPacket {
        requireRange("payload type", payloadType, 0, 127);
        requireRange("sequence number", sequenceNumber, 0, 0xFFFF);
        requireUnsigned32("timestamp", timestamp);
        requireUnsigned32("SSRC", ssrc);
        if (csrcs.length > 15) {
            throw new IllegalArgumentException("at most 15 CSRCs fit the CC field, got " + csrcs.length);
        }
        for (long csrc : csrcs) {
            requireUnsigned32("CSRC", csrc);
        }
        requireRange("padding length", paddingLength, 0, 255);
        csrcs = csrcs.clone();
        payload = payload.clone();
    }

    /** A plain packet: no CSRCs, no extension, no padding. */
    public static RtpPacket of(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc, byte[] payload) {
        return new RtpPacket(marker, payloadType, sequenceNumber, timestamp, ssrc, new long[0], null, payload, 0);
    }

    /** Parses {@code length} bytes of {@code data} from {@code offset}; throws {@link RtpFormatException} naming the defect. */
    public static RtpPacket parse(byte[] data, int offset, int length) {
        if (length < FIXED_HEADER_BYTES) {
            throw new RtpFormatException("RTP packet of " + length + " bytes is shorter than the 12-byte fixed header");
        }
        ByteBuffer in = ByteBuffer.wrap(data, offset, length);
        int b0 = in.get() & 0xFF;
        int version = b0 >>> 6;
        if (version != VERSION) {
            throw new RtpFormatException("RTP version " + version + ", expected 2");
        }
        boolean padding = (b0 & 0x20) != 0;
        boolean hasExtension = (b0 & 0x10) != 0;
        int csrcCount = b0 & 0x0F;
        int b1 = in.get() & 0xFF;
        boolean marker = (b1 & 0x80) != 0;
        int payloadType = b1 & 0x7F;
        int sequenceNumber = in.getShort() & 0xFFFF;
        long timestamp = in.getInt() & 0xFFFFFFFFL;
        long ssrc = in.getInt() & 0xFFFFFFFFL;
        if (in.remaining() < 4 * csrcCount) {
            throw new RtpFormatException("RTP header announces " + csrcCount + " CSRCs but only " + in.remaining() + " bytes follow");
        }
        long[] csrcs = new long[csrcCount];
        for (int i = 0; i < csrcCount; i++) {
            csrcs[i] = in.getInt() & 0xFFFFFFFFL;
        }
        RtpHeaderExtension extension = null;
        if (hasExtension) {
            if (in.remaining() < 4) {
                throw new RtpFormatException("RTP X bit set but the extension header is missing");
            }
            int profileId = in.getShort() & 0xFFFF;
            int words = in.getShort() & 0xFFFF;
            if (in.remaining() < 4 * words) {
                throw new RtpFormatException("RTP extension announces " + words + " words but only " + in.remaining() + " bytes follow");
            }
            byte[] extensionData = new byte[4 * words];
            in.get(extensionData);
            extension = new RtpHeaderExtension(profileId, extensionData);
        }
        int paddingLength = 0;
        if (padding) {
            if (!in.hasRemaining()) {
                throw new RtpFormatException("RTP P bit set but the packet has no payload to hold the padding count");
            }
            paddingLength = data[offset + length - 1] & 0xFF;
            if (paddingLength == 0 || paddingLength > in.remaining()) {
                throw new RtpFormatException("RTP padding count " + paddingLength + " does not fit the " + in.remaining() + " bytes after the header");
            }
        }
        byte[] payload = new byte[in.remaining() - paddingLength];
        in.get(payload);
        return new RtpPacket(marker, payloadType, sequenceNumber, timestamp, ssrc, csrcs, extension, payload, paddingLength);
    }

    /** The packet on the wire; padding bytes are zero except the last, which holds the count. */
    public byte[] toBytes() {
        int extensionBytes = extension == null ? 0 : 4 + extension.data().length;
        byte[] out = new byte[FIXED_HEADER_BYTES + 4 * csrcs.length + extensionBytes + payload.length + paddingLength];
        ByteBuffer buf = ByteBuffer.wrap(out);
        buf.put((byte) (VERSION << 6 | (paddingLength > 0 ? 0x20 : 0) | (extension != null ? 0x10 : 0) | csrcs.length));
        buf.put((byte) ((marker ? 0x80 : 0) | payloadType));
        buf.putShort((short) sequenceNumber);
        buf.putInt((int) timestamp);
        buf.putInt((int) ssrc);
        for (long csrc : csrcs) {
            buf.putInt((int) csrc);
        }
        if (extension != null) {
            byte[] extensionData = extension.data();
            buf.putShort((short) extension.profileId());
            buf.putShort((short) (extensionData.length / 4));
            buf.put(extensionData);
        }
        buf.put(payload);
        if (paddingLength > 0) {
            out[out.length - 1] = (byte) paddingLength;
        }
        return out;
    }

    @Override
    public long[] csrcs() {
        return csrcs.clone();
    }

    @Override
    public byte[] payload() {
        return payload.clone();
    }

    /** The payload length without copying it. */
    public int payloadLength() {
        return payload.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpPacket p && p.marker == marker && p.payloadType == payloadType
                && p.sequenceNumber == sequenceNumber && p.timestamp == timestamp && p.ssrc == ssrc
                && Arrays.equals(p.csrcs, csrcs) && java.util.Objects.equals(p.extension, extension)
                && Arrays.equals(p.payload, payload) && p.paddingLength == paddingLength;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(marker, payloadType, sequenceNumber, timestamp, ssrc, Arrays.hashCode(csrcs), extension,
                Arrays.hashCode(payload), paddingLength);
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp + ", ssrc=" + ssrc
                + (marker ? ", marker" : "") + ", csrcs=" + csrcs.length + (extension != null ? ", " + extension : "")
                + ", payload=" + payload.length + " bytes" + (paddingLength > 0 ? ", padding=" + paddingLength : "") + "]";
    }

    static void requireRange(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be in [" + min + ", " + max + "], got " + value);
        }
    }

    static void requireUnsigned32(String what, long value) {
        if (value < 0 || value > 0xFFFFFFFFL) {
            throw new IllegalArgumentException(what + " must fit 32 unsigned bits, got " + value);
        }
    }
}
