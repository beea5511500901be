package dev.parley.kms.recording;

import dev.parley.kms.elements.RecorderUri;
import dev.parley.kms.protocol.KurentoException;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KMS's UriEndpoint rules for where a recording goes (kurento-behaviour §3.6). */
class RecorderUriTest {

    @Test
    void fileUrisAreTakenAsGiven() {
        assertEquals(Path.of("/data/calls/a.webm"), RecorderUri.resolve("file:///data/calls/a.webm", RecorderUri.KMS_DEFAULT_PATH));
        assertEquals(Path.of("/data/with space.webm"), RecorderUri.resolve("file:///data/with%20space.webm", "file:///x"));
    }

    @Test
    void relativeUrisGoUnderTheDefaultPathWithASlash() {
        assertEquals(Path.of("/var/lib/kurento/a.webm"), RecorderUri.resolve("a.webm", RecorderUri.KMS_DEFAULT_PATH));
        assertEquals(Path.of("/rec/calls/a.webm"), RecorderUri.resolve("calls/a.webm", "file:///rec/"));
    }

    @Test
    void percentTwoFReadsAsASlash() {
        assertEquals(Path.of("/rec/calls/a.webm"), RecorderUri.resolve("calls%2Fa.webm", "file:///rec"));
        assertEquals(Path.of("/data/b/c.webm"), RecorderUri.resolve("file:%2F%2F%2Fdata%2Fb%2Fc.webm", "file:///rec"));
    }

    @Test
    void httpUploadsAndEmptyUrisAreRefusedNamingTheCause() {
        KurentoException http = assertThrows(KurentoException.class,
                () -> RecorderUri.resolve("http://store/a.webm", RecorderUri.KMS_DEFAULT_PATH));
        assertTrue(http.getMessage().contains("http://"), http.getMessage());
        assertThrows(KurentoException.class, () -> RecorderUri.resolve(" ", RecorderUri.KMS_DEFAULT_PATH));
    }

    @Test
    void fileUrisOfAnotherHostAreRefused() {
        KurentoException remote = assertThrows(KurentoException.class,
                () -> RecorderUri.resolve("file://fileserver/share/a.webm", RecorderUri.KMS_DEFAULT_PATH));
        assertEquals(40107, remote.code());
        assertEquals(Path.of("/data/a.webm"), RecorderUri.resolve("file://localhost/data/a.webm", RecorderUri.KMS_DEFAULT_PATH));
    }
}
