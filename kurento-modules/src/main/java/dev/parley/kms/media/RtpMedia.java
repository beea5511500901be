package dev.parley.kms.media;

/** A plain RTP/RTCP endpoint: even RTP port, RTCP on the next, no rtcp-mux, Opus or PCMU audio. */
public interface RtpMedia extends SdpMedia, RtpStatistics {
}
