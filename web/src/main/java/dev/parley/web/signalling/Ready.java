package dev.parley.web.signalling;

import java.util.List;

/**
 * The answer to {@link Hello}: the protocol version, the ICE servers the browser must use
 * (TURN with fresh time-limited credentials), and the largest message the server accepts.
 */
public record Ready(int version, List<IceServer> iceServers, int maxMessageChars) implements ServerMessage {
}
