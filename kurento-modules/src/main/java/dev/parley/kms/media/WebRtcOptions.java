package dev.parley.kms.media;

/** WebRtcEndpoint constructor parameters that change media behaviour. */
public record WebRtcOptions(boolean recvonly, boolean sendonly) {
    public static WebRtcOptions defaults() {
        return new WebRtcOptions(false, false);
    }
}
