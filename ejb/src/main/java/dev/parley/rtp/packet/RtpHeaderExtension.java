package dev.parley.rtp.packet;

import java.util.Arrays;

/**
 * The RFC 3550 §5.3.1 header extension: a 16-bit profile-defined id and whole 32-bit words of data
 * (one-byte or two-byte RFC 8285 elements live inside; the bridge carries them opaquely).
 */
public record RtpHeaderExtension(int profileId, byte[] data) {

    public RtpHeaderExtension {
        if (profileId < 0 || profileId > 0xFFFF) {
            throw new IllegalArgumentException("extension profile id must fit 16 bits: " + profileId);
        }
        if (data.length % 4 != 0) {
            throw new IllegalArgumentException("extension data must be whole 32-bit words, got " + data.length + " bytes");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RtpHeaderExtension other && other.profileId == profileId && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * profileId + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RtpHeaderExtension[profileId=0x" + Integer.toHexString(profileId) + ", " + data.length + " bytes]";
    }
}
