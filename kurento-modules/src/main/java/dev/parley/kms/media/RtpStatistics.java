package dev.parley.kms.media;

import java.util.List;

/** The RTP counters of an endpoint's audio session (getStats). */
public interface RtpStatistics {

    /**
     * The streams of the negotiated audio session, filtered by the negotiated direction as KMS
     * filters them: a send-only endpoint reports only its own stream, a receive-only one only the
     * streams it receives. Empty before negotiation and after release. Never blocks on media.
     */
    List<RtpStreamStats> rtpStats();
}
