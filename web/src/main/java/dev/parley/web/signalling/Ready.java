package dev.parley.web.signalling;

import java.util.List;

/**
 * The answer to {@link Hello}: the protocol version, the ICE servers the browser must use
 * (TURN with fresh time-limited credentials), the largest message the server accepts, and, when
 * sessions are recorded, the notice the caller must be shown before the call starts
 * ({@code parley.recording.notice}; absent from the JSON when not recording).
 */
public record Ready(int version, List<IceServer> iceServers, int maxMessageChars, String recordingNotice) implements ServerMessage {
}
