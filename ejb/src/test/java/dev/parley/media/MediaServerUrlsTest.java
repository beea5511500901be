package dev.parley.media;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MediaServerUrlsTest {

    @Test
    void queryValuesFragmentsAndPasswordsAreHiddenTheRestStays() {
        assertEquals("ws://127.0.0.1:8888/kurento", MediaServerUrls.redact("ws://127.0.0.1:8888/kurento"));
        assertEquals("ws://kms:8888/kurento?secret=***", MediaServerUrls.redact("ws://kms:8888/kurento?secret=s3cr%3Dt"));
        assertEquals("wss://kms/kurento?a=***&secret=***&=***", MediaServerUrls.redact("wss://kms/kurento?a=1&secret=x=y&=z"));
        assertEquals("ws://kms:8888/kurento?***", MediaServerUrls.redact("ws://kms:8888/kurento?justthesecret"));
        assertEquals("ws://kms/kurento?", MediaServerUrls.redact("ws://kms/kurento?"));
        assertEquals("ws://kms/kurento#***", MediaServerUrls.redact("ws://kms/kurento#token"));
        assertEquals("ws://user:***@kms:8888/kurento?secret=***", MediaServerUrls.redact("ws://user:pw@kms:8888/kurento?secret=abc"));
        assertEquals("ws://user@kms:8888/kurento", MediaServerUrls.redact("ws://user@kms:8888/kurento"));
        assertEquals("not a url?secret=***", MediaServerUrls.redact("not a url?secret=abc"));
        assertNull(MediaServerUrls.redact(null));
    }

    @Test
    void urlsInsideASentenceAreRedactedAndItsPunctuationKept() {
        assertEquals("refused (ws://kms:8888/kurento?secret=***), retrying",
                MediaServerUrls.redactWithin("refused (ws://kms:8888/kurento?secret=abc), retrying"));
        assertEquals("Upgrade failed for wss://u:***@kms/kurento?secret=***.",
                MediaServerUrls.redactWithin("Upgrade failed for wss://u:pw@kms/kurento?secret=abc."));
        assertEquals("no url", MediaServerUrls.redactWithin("no url"));
        assertNull(MediaServerUrls.redactWithin(null));
    }
}
