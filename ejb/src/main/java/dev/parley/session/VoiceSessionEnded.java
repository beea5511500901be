package dev.parley.session;

import dev.parley.conversation.SessionEndCause;
import dev.parley.media.BrowserLegStats;
import dev.parley.rtp.BridgeCounters;

/**
 * A voice session ended and everything it held is released (fired as a CDI event by
 * {@link SessionRegistry}).
 *
 * @param sessionId the session
 * @param cause     why
 * @param detail    a sentence for logs, the admin API and the user's widget
 * @param bridge    the session's RTP bridge counters after it closed (null when its media was never built)
 * @param browserLeg the browser leg as the media server measured it at the end (null when not read: no media,
 *                   the media server gone, or the browser's audio never arrived)
 */
public record VoiceSessionEnded(String sessionId, SessionEndCause cause, String detail, BridgeCounters bridge,
                                BrowserLegStats browserLeg) {

    public VoiceSessionEnded(String sessionId, SessionEndCause cause, String detail) {
        this(sessionId, cause, detail, null, null);
    }

    public VoiceSessionEnded(String sessionId, SessionEndCause cause, String detail, BridgeCounters bridge) {
        this(sessionId, cause, detail, bridge, null);
    }
}
