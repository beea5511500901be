package dev.parley.media;

/**
 * Where a new session's media goes: one media server ({@link KurentoConnection}) or a pool of them
 * ({@link MediaServerPool}).
 */
public interface MediaServers {

    /** The media settings every server shares (timeouts, ICE servers, recording, the RTP bridge's). */
    MediaSettings settings();

    /**
     * The server a new session should use.
     *
     * @param zone the caller's zone label, or null: a server of that zone is preferred when one is usable
     * @throws MediaServerUnavailableException when no server is usable
     */
    KurentoConnection place(String zone);
}
