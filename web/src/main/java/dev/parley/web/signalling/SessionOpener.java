package dev.parley.web.signalling;

import dev.parley.conversation.ConversationListener;
import dev.parley.media.IceSignalling;
import dev.parley.session.ClientInfo;
import dev.parley.session.VoiceSession;

/** Opens a voice session (the registry in the container, a fake in unit tests). */
@FunctionalInterface
interface SessionOpener {
    VoiceSession open(IceSignalling ice, ConversationListener events, ClientInfo client);
}
