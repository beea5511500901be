package dev.parley.session;

import dev.parley.conversation.SessionEndReason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SessionEndCauseTest {

    /** Before, a conversation that reached its maximum duration was stored as CONVERSATION_ENDED while the widget was told max-duration. */
    @Test
    void aConversationsOwnTimeLimitIsTheSessionsMaximumDuration() {
        assertEquals(SessionEndCause.MAX_DURATION, SessionEndCause.of(SessionEndReason.MAX_DURATION));
        assertEquals(SessionEndCause.CONVERSATION_ENDED, SessionEndCause.of(SessionEndReason.IDLE_TIMEOUT));
        assertEquals(SessionEndCause.CONVERSATION_ENDED, SessionEndCause.of(SessionEndReason.ERROR));
        assertEquals(SessionEndCause.CONVERSATION_ENDED, SessionEndCause.of(SessionEndReason.CLOSED));
    }
}
