package dev.parley.web.signalling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.parley.conversation.SessionEndCause;
import org.junit.jupiter.api.Test;

class BrowserTextTest {

    @Test
    void urlsAreReplacedTheRestOfTheSentenceStays() {
        assertEquals("the media server at (internal address) is not reachable: ConnectException",
                BrowserText.scrub("the media server at ws://kms:8888/kurento?secret=abc is not reachable: ConnectException"));
        assertEquals("(internal address), (internal address) and file:", BrowserText.scrub("https://a.example/x, WSS://b:1/k and file:"));
        assertEquals("no url here", BrowserText.scrub("no url here"));
        assertNull(BrowserText.scrub(null));
    }

    @Test
    void theMediaServersOwnFailuresGetFixedSentencesOtherEndsTheirDetailScrubbed() {
        assertEquals("the server lost its connection to its media server",
                BrowserText.endedDetail(SessionEndCause.MEDIA_SERVER_LOST, "the connection to the media server at ws://kms:8888/kurento dropped"));
        assertEquals("the server's media server restarted", BrowserText.endedDetail(SessionEndCause.MEDIA_SERVER_RESTARTED, "x"));
        assertEquals("the media server reported an error on this call", BrowserText.endedDetail(SessionEndCause.MEDIA_ERROR, "pipeline 1a2b"));
        assertEquals("hung up: bye", BrowserText.endedDetail(SessionEndCause.HANG_UP, "hung up: bye"));
        assertEquals("the browser's audio never reached the media server within 10000 ms",
                BrowserText.endedDetail(SessionEndCause.CLIENT_GONE, "the browser's audio never reached the media server within 10000 ms"));
    }
}
