package dev.parley.kms.media;

/** RtpEndpoint constructor parameters (SDES crypto is not supported by the embedded server). */
public record RtpOptions(boolean useIpv6) {
    public static RtpOptions defaults() {
        return new RtpOptions(false);
    }
}
