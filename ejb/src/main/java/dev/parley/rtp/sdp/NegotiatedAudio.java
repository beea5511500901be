package dev.parley.rtp.sdp;

import java.net.InetSocketAddress;

/**
 * What an accepted SDP answer settles for the bridge.
 *
 * @param format       the codec to send and expect
 * @param payloadType  its payload type, as the answer numbered it
 * @param remoteRtp    where to send RTP (the answer's c= address and m= port)
 * @param remoteRtcp   where to send RTCP ({@code a=rtcp} if present, else the RTP port + 1)
 * @param direction    which ways audio flows, from the bridge's side
 */
public record NegotiatedAudio(RtpAudioFormat format, int payloadType, InetSocketAddress remoteRtp, InetSocketAddress remoteRtcp,
                              MediaDirection direction) {
}
