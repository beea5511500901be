package dev.parley.session;

import dev.parley.conversation.ConversationListener;

/**
 * Hears every session the {@link SessionRegistry} opens (the history store, the metrics). In the
 * container every bean of this type is an observer; plain-Java registries get theirs as a list.
 * Ends arrive separately, as the {@link VoiceSessionEnded} CDI event.
 *
 * <p>An observer lives in a package that depends on this one, never the other way round.
 */
public interface SessionObserver {

    /**
     * Session {@code session} is open: its media is built and its conversation is about to start
     * (no conversation event has been emitted yet). Called on the thread that opens the session;
     * must be quick and must not throw.
     *
     * @return a listener for the session's conversation events (on the session's lane, like every
     *         {@link ConversationListener}), or null when the observer does not need them
     */
    ConversationListener sessionOpened(OpenedSession session);

    /**
     * What an observer learns of a new session.
     *
     * @param sessionId    the session's id
     * @param client       who connected (never null; {@link ClientInfo#UNKNOWN} when nobody said)
     * @param recordingUri the {@code file://} URI the media server records the session into, or null when not recorded
     * @param instance     the Parley instance that owns it (its data grid member id; null when not known)
     * @param mediaServer  the media server its media is on, as it may be shown (null when not known)
     */
    record OpenedSession(String sessionId, ClientInfo client, String recordingUri, String instance, String mediaServer) {

        public OpenedSession(String sessionId, ClientInfo client, String recordingUri) {
            this(sessionId, client, recordingUri, null, null);
        }
    }
}
