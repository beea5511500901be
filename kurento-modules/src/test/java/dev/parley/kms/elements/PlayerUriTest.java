package dev.parley.kms.elements;

import dev.parley.kms.protocol.KurentoException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PlayerUri's rules as pure logic on a temporary tree (PlayerEndpointIT holds them through the server). */
class PlayerUriTest {

    @Test
    void filesInsideARootAreReadAtTheirRealPathHttpPassesAndTheRestIs40107(@TempDir Path tmp) throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root")).toRealPath();
        Path outside = Files.createDirectories(tmp.resolve("outside")).toRealPath();
        Files.writeString(root.resolve("a.wav"), "x");
        Files.createSymbolicLink(root.resolve("out"), outside);
        RecordingRoots roots = RecordingRoots.parse(root.toString(), root.toUri().toString());
        String defaultPath = root.toUri().toString();

        assertEquals(root.resolve("a.wav").toUri().toString(), PlayerUri.resolve(root.resolve("a.wav").toUri().toString(), defaultPath, roots));
        assertEquals(root.resolve("sub/b.wav").toUri().toString(), PlayerUri.resolve("sub%2Fb.wav", defaultPath, roots));
        assertEquals("http://127.0.0.1:8080/x.wav", PlayerUri.resolve("http://127.0.0.1:8080/x.wav", defaultPath, roots));
        for (String refused : new String[] {outside.resolve("c.wav").toUri().toString(), "out/c.wav", "../outside/c.wav",
                "file://host/c.wav", "rtsp://127.0.0.1/s", "fd://0", "http:///nohost", " "}) {
            KurentoException e = assertThrows(KurentoException.class, () -> PlayerUri.resolve(refused, defaultPath, roots), refused);
            assertEquals(40107, e.code(), refused);
        }
    }
}
