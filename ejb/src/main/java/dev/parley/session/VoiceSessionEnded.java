package dev.parley.session;

import dev.parley.conversation.SessionEndCause;
import dev.parley.rtp.BridgeCounters;

/**
 * A voice session ended and everything it held is released (fired as a CDI event by
 * {@link SessionRegistry}).
 *
 * @param sessionId the session
 * @param cause     why
 * @param detail    a sentence for logs, the admin API and the user's widget
 * @param bridge    the session's RTP bridge counters after it closed (null when its media was never built)
 */
public record VoiceSessionEnded(String sessionId, SessionEndCause cause, String detail, BridgeCounters bridge) {

    public VoiceSessionEnded(String sessionId, SessionEndCause cause, String detail) {
        this(sessionId, cause, detail, null);
    }
}
