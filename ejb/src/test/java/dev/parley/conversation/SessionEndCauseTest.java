package dev.parley.conversation;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one vocabulary of session ends: stored by its name, told to the widget by its wire name (docs/rest-api.md, docs/signalling.md). */
class SessionEndCauseTest {

    @Test
    void theStoredNamesAreTheDocumentedOnes() {
        assertEquals(List.of("HANG_UP", "CLIENT_GONE", "TERMINATED", "CONVERSATION_ENDED", "IDLE_TIMEOUT", "MAX_DURATION",
                        "MEDIA_SERVER_LOST", "MEDIA_SERVER_RESTARTED", "MEDIA_ERROR", "SHUTDOWN", "INSTANCE_LOST"),
                Arrays.stream(SessionEndCause.values()).map(Enum::name).toList());
    }

    /** Before, a conversation that reached its maximum duration was stored as CONVERSATION_ENDED while the widget was told max-duration. */
    @Test
    void theWidgetIsToldTheSameEndThatIsStored() {
        assertEquals(List.of("hang-up", "client-gone", "terminated", "conversation-ended", "idle-timeout", "max-duration",
                        "media-server-lost", "media-server-restarted", "media-error", "shutdown", "instance-lost"),
                Arrays.stream(SessionEndCause.values()).map(SessionEndCause::wireName).toList());
    }
}
