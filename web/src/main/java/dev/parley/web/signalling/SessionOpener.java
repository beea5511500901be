package dev.parley.web.signalling;

import dev.parley.conversation.ConversationListener;
import dev.parley.media.IceSignalling;
import dev.parley.session.ClientInfo;
import java.time.Duration;

/** Opens a voice session (the registry in the container, a fake in unit tests). */
@FunctionalInterface
interface SessionOpener {

    /**
     * @param client      who connected, for the session's history
     * @param maxDuration the longest the session may last (the admission's limit); the session ends
     *                    itself then, as {@code max-duration}
     * @throws dev.parley.media.MediaServerUnavailableException when the media server cannot be reached
     */
    SessionHandle open(IceSignalling ice, ConversationListener events, ClientInfo client, Duration maxDuration);
}
