package dev.parley.kms.recording;

import dev.parley.kms.elements.RecorderUri;
import dev.parley.kms.elements.RecordingRoots;
import dev.parley.kms.protocol.KurentoException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Where a recorder may write, judged by the real location of the file (RecorderEndpointRootsIT holds it end to end). */
class RecordingRootsTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    RecordingRoots roots;

    @BeforeEach
    void dirs() throws Exception {
        root = Files.createDirectories(tmp.resolve("recordings")).toRealPath();
        outside = Files.createDirectories(tmp.resolve("elsewhere")).toRealPath();
        roots = RecordingRoots.parse(root.toUri().toString(), RecorderUri.KMS_DEFAULT_PATH);
    }

    private Path confine(String uri) {
        return roots.confine(RecorderUri.resolve(uri, root.toUri().toString()), uri);
    }

    private void refused(String uri) {
        KurentoException e = assertThrows(KurentoException.class, () -> confine(uri), uri);
        assertEquals(40107, e.code(), uri);
        assertTrue(e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void filesUnderARootAreWrittenWhereTheyReallyAre() throws Exception {
        assertEquals(root.resolve("a.webm"), confine(root.resolve("a.webm").toUri().toString()));
        assertEquals(root.resolve("new/dir/b.webm"), confine(root.resolve("new/dir/b.webm").toUri().toString()));
        assertEquals(root.resolve("rel.webm"), confine("rel.webm"), "relative uris under the default path");
        assertEquals(root.resolve("x/c.webm"), confine(root.resolve("x/../x/c.webm").toUri().toString()));
        Files.createSymbolicLink(root.resolve("inner-link"), Files.createDirectories(root.resolve("inner")));
        assertEquals(root.resolve("inner/d.webm"), confine(root.resolve("inner-link/d.webm").toUri().toString()),
                "a link that stays inside is followed");
    }

    @Test
    void absolutePathsElsewhereAreRefused() {
        refused(outside.resolve("a.webm").toUri().toString());
        refused("file:///etc/passwd");
        refused(root.toUri().toString());
        refused(root.getParent().resolve(root.getFileName() + "-sibling/a.webm").toUri().toString());
    }

    @Test
    void dotDotEscapesAreRefused() {
        refused(root.toUri() + "../elsewhere/a.webm");
        refused("file://" + root + "/sub/../../elsewhere/a.webm");
        refused("../elsewhere/rel.webm");
        refused("sub%2F..%2F..%2Felsewhere%2Fenc.webm");
        refused(root.toUri() + "%2E%2E/elsewhere/escaped.webm");
    }

    @Test
    void symbolicLinksPointingOutAreRefused() throws Exception {
        Files.createSymbolicLink(root.resolve("out-dir"), outside);
        Files.createSymbolicLink(root.resolve("victim.webm"), Files.writeString(outside.resolve("victim.txt"), "keep"));
        Files.createSymbolicLink(root.resolve("dangling.webm"), outside.resolve("not-yet.webm"));
        refused(root.resolve("out-dir/a.webm").toUri().toString());
        refused(root.resolve("out-dir/new/a.webm").toUri().toString());
        refused(root.resolve("victim.webm").toUri().toString());
        refused(root.resolve("dangling.webm").toUri().toString());
    }

    @Test
    void theDefaultRootsAreTheDefaultPathAndParleysRecordingDirectory() {
        assertEquals(List.of(Path.of("/var/lib/kurento"), Path.of("/var/lib/parley/recordings")),
                RecordingRoots.parse("", RecorderUri.KMS_DEFAULT_PATH).roots());
        assertEquals(List.of(Path.of("/a"), Path.of("/b/c")), RecordingRoots.parse("file:///a/, /b/c", "file:///x").roots());
    }

    @Test
    void relativeOrForeignRootsAreRefusedAtStartup() {
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class,
                () -> RecordingRoots.parse("recordings", RecorderUri.KMS_DEFAULT_PATH));
        assertTrue(relative.getMessage().contains("'recordingRoots'"), relative.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecordingRoots.parse("http://store/rec", RecorderUri.KMS_DEFAULT_PATH));
    }
}
