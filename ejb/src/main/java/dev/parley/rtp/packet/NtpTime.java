package dev.parley.rtp.packet;

/** NTP 64-bit timestamps (RFC 3550 §4) for SR wallclock fields. */
public final class NtpTime {

    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01. */
    private static final long UNIX_EPOCH_IN_NTP_SECONDS = 2_208_988_800L;

    private NtpTime() {
    }

    /** NTP timestamp for a wallclock instant given in nanoseconds since the Unix epoch. */
    public static long fromUnixNanos(long unixNanos) {
        long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
        long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
        long fraction = (nanos << 32) / 1_000_000_000L;
        return (seconds + UNIX_EPOCH_IN_NTP_SECONDS) << 32 | fraction;
    }

    /** Nanoseconds since the Unix epoch for an NTP timestamp (era 0). */
    public static long toUnixNanos(long ntp) {
        long seconds = (ntp >>> 32) - UNIX_EPOCH_IN_NTP_SECONDS;
        long fraction = ntp & 0xFFFFFFFFL;
        return seconds * 1_000_000_000L + ((fraction * 1_000_000_000L) >>> 32);
    }

    /** The middle 32 bits, the form LSR/DLSR arithmetic uses (units of 1/65536 s). */
    public static long compact(long ntp) {
        return (ntp >>> 16) & 0xFFFFFFFFL;
    }
}
