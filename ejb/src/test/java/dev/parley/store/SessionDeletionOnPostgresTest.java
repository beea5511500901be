package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.conversation.TurnMetrics;
import dev.parley.lifecycle.RecordingFiles;
import dev.parley.lifecycle.SessionDeletion;
import dev.parley.lifecycle.SessionRows;
import dev.parley.session.ClientInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deleting and pruning sessions ({@link SessionDeletion}) on the real {@link SessionStore} and a
 * real PostgreSQL server, with real recording files: the four tables and the file are emptied for
 * the session and nothing else, and a failure at each step (a file that cannot be moved, a
 * database that refuses the delete, a file that cannot be removed, a crash between steps) leaves
 * the session whole or gone.
 */
@Timeout(300)
class SessionDeletionOnPostgresTest {

    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    private static PostgresServer server;
    private static int databases;

    @TempDir
    Path temp;

    @BeforeAll
    static void startServer() throws Exception {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void deletingASessionRemovesItsRowsAndRecordingAndNothingElse() throws Exception {
        try (Fixture f = new Fixture()) {
            f.session("gone", NOW, true, true);
            f.session("kept", NOW, true, true);
            f.session("live", NOW, true, false);
            f.session("no-recording", NOW, false, true);
            Set<String> live = Set.of("live");
            SessionDeletion deletion = f.deletion(new RecordingFiles(f.dirUri()), live);

            assertEquals(SessionDeletion.Outcome.DELETED, deletion.delete("gone", "test"));
            f.assertGone("gone");
            f.assertWhole("kept");
            f.assertWhole("live");
            f.assertWhole("no-recording");
            assertEquals(List.of("parley-kept.webm", "parley-live.webm"), f.recordingDirectory(), "no leftover file");

            assertEquals(SessionDeletion.Outcome.LIVE, deletion.delete("live", "test"), "a live session is refused");
            f.assertWhole("live");
            assertEquals(SessionDeletion.Outcome.NOT_FOUND, deletion.delete("gone", "test"), "a second delete finds nothing");
            assertEquals(SessionDeletion.Outcome.NOT_FOUND, deletion.delete("never-was", "test"));
            assertEquals(SessionDeletion.Outcome.DELETED, deletion.delete("no-recording", "test"));
            f.assertGone("no-recording");
            f.assertWhole("kept");
        }
    }

    @Test
    void aRecordingLocationOutsideTheDirectoryIsNeverTouched() throws Exception {
        try (Fixture f = new Fixture()) {
            Path outside = Files.createDirectories(temp.resolve("elsewhere")).resolve("victim.webm");
            Files.writeString(outside, "not Parley's to delete");
            Path link = f.dir.resolve("parley-linked.webm");
            f.session("dotdot", NOW, false, true);
            f.store.run(s -> s.recordingStarted("dotdot", f.dirUri() + "/../elsewhere/victim.webm", "audio/webm", NOW));
            f.session("absolute", NOW, false, true);
            f.store.run(s -> s.recordingStarted("absolute", outside.toUri().toString(), "audio/webm", NOW));
            f.session("plain-path", NOW, false, true);
            f.store.run(s -> s.recordingStarted("plain-path", outside.toString(), "audio/webm", NOW));
            // A link inside the directory: deleting the session removes the link, never its target.
            Files.createSymbolicLink(link, outside);
            f.session("linked", NOW, false, true);
            f.store.run(s -> s.recordingStarted("linked", link.toUri().toString(), "audio/webm", NOW));
            SessionDeletion deletion = f.deletion(new RecordingFiles(f.dirUri()), Set.of());

            for (String id : List.of("dotdot", "absolute", "plain-path", "linked")) {
                assertEquals(SessionDeletion.Outcome.DELETED, deletion.delete(id, "test"), id);
                f.assertRowsGone(id);
            }
            assertEquals("not Parley's to delete", Files.readString(outside));
            assertFalse(Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        }
    }

    @Test
    void aDatabaseFailureLeavesTheSessionWholeWithItsRecording() throws Exception {
        try (Fixture f = new Fixture()) {
            f.session("doomed", NOW, true, true);
            f.session("other", NOW, true, true);
            byte[] recording = Files.readAllBytes(f.file("doomed"));
            // The session row's delete fails after the metrics, turns and recording rows were deleted
            // in the same transaction: all of them must come back.
            f.sql("CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql");
            f.sql("CREATE TRIGGER refuse_doomed BEFORE DELETE ON parley_session FOR EACH ROW WHEN (OLD.id = 'doomed') EXECUTE FUNCTION refuse()");
            SessionDeletion deletion = f.deletion(new RecordingFiles(f.dirUri()), Set.of());

            SessionDeletion.Failed failed = assertThrows(SessionDeletion.Failed.class, () -> deletion.delete("doomed", "test"));
            assertTrue(failed.getMessage().contains("nothing was deleted"), failed.getMessage());
            f.assertWhole("doomed");
            assertArrayEquals(recording, Files.readAllBytes(f.file("doomed")), "the recording is back, unchanged");
            assertEquals(List.of("parley-doomed.webm", "parley-other.webm"), f.recordingDirectory());
            f.assertWhole("other");

            f.sql("DROP TRIGGER refuse_doomed ON parley_session");
            assertEquals(SessionDeletion.Outcome.DELETED, deletion.delete("doomed", "test"));
            f.assertGone("doomed");
            f.assertWhole("other");
        }
    }

    @Test
    void aRecordingThatCannotBeMovedLeavesTheSessionWhole() throws Exception {
        try (Fixture f = new Fixture()) {
            f.session("stuck", NOW, true, true);
            RecordingFiles unmovable = new RecordingFiles(f.dirUri()) {
                @Override
                public Path moveAside(Path file) throws IOException {
                    throw new java.nio.file.AccessDeniedException(file.toString());
                }
            };
            SessionDeletion deletion = f.deletion(unmovable, Set.of());

            assertThrows(SessionDeletion.Failed.class, () -> deletion.delete("stuck", "test"));
            f.assertWhole("stuck");
            assertEquals(List.of("parley-stuck.webm"), f.recordingDirectory());
        }
    }

    @Test
    void aRecordingThatCannotBeRemovedAfterTheRowsWentIsRemovedByTheNextPrune() throws Exception {
        try (Fixture f = new Fixture()) {
            f.session("sticky", NOW, true, true);
            f.session("other", NOW, true, true);
            AtomicInteger refusals = new AtomicInteger(1);
            RecordingFiles failingOnce = new RecordingFiles(f.dirUri()) {
                @Override
                public void delete(Path file) throws IOException {
                    if (refusals.getAndDecrement() > 0) {
                        throw new java.nio.file.AccessDeniedException(file.toString());
                    }
                    super.delete(file);
                }
            };
            SessionDeletion deletion = f.deletion(failingOnce, Set.of());

            assertEquals(SessionDeletion.Outcome.DELETED, deletion.delete("sticky", "test"), "the session is gone");
            f.assertRowsGone("sticky");
            assertEquals(List.of("parley-other.webm", "parley-sticky.webm.deleting"), f.recordingDirectory(),
                    "the file of the deleted session stays renamed aside, unreachable through the API");

            assertEquals(0, deletion.prune(NOW.minus(RETENTION)), "no session is old enough");
            assertEquals(List.of("parley-other.webm"), f.recordingDirectory(), "the prune removed the leftover");
            f.assertWhole("other");
        }
    }

    @Test
    void recoveryFinishesWhatACrashInterruptedEitherWay() throws Exception {
        try (Fixture f = new Fixture()) {
            // Crash after the file was moved aside, before the rows were deleted: rows and file come back together.
            f.session("before-commit", NOW, true, true);
            byte[] recording = Files.readAllBytes(f.file("before-commit"));
            Files.move(f.file("before-commit"), f.dir.resolve("parley-before-commit.webm.deleting"));
            // Crash after the rows were deleted, before the file went: the file goes.
            f.session("after-commit", NOW, true, true);
            Files.move(f.file("after-commit"), f.dir.resolve("parley-after-commit.webm.deleting"));
            f.store.run(s -> s.deleteSession("after-commit"));
            SessionDeletion deletion = f.deletion(new RecordingFiles(f.dirUri()), Set.of());

            assertEquals(1, deletion.recover());
            f.assertWhole("before-commit");
            assertArrayEquals(recording, Files.readAllBytes(f.file("before-commit")));
            f.assertGone("after-commit");
            assertEquals(List.of("parley-before-commit.webm"), f.recordingDirectory());
        }
    }

    @Test
    void retentionPrunesOldSessionsAndOrphansAndKeepsLiveAndRecentOnes() throws Exception {
        try (Fixture f = new Fixture()) {
            Instant old = NOW.minus(RETENTION).minusSeconds(60);
            for (int i = 0; i < SessionDeletionTestSizes.MANY; i++) {
                f.session("old-" + i, old.minusSeconds(i), i % 3 == 0, true);
            }
            f.session("old-live", old, true, false);
            f.session("old-unended", old.minusSeconds(3600), false, false); // marked live by a crash, not in the registry
            f.session("recent", NOW.minus(RETENTION).plusSeconds(60), true, true);
            Path oldOrphan = orphan(f, "old-orphan", old);
            Path recentOrphan = orphan(f, "recent-orphan", NOW.minus(RETENTION).plusSeconds(60));
            Path notOurs = Files.writeString(f.dir.resolve("notes.txt"), "an operator's file");
            Files.setLastModifiedTime(notOurs, FileTime.from(old));
            SessionDeletion deletion = f.deletion(new RecordingFiles(f.dirUri()), Set.of("old-live"));

            assertEquals(SessionDeletionTestSizes.MANY + 1, deletion.prune(NOW.minus(RETENTION)));

            for (int i = 0; i < SessionDeletionTestSizes.MANY; i++) {
                f.assertGone("old-" + i);
            }
            f.assertGone("old-unended");
            f.assertWhole("old-live");
            f.assertWhole("recent");
            assertFalse(Files.exists(oldOrphan), "an old recording of no session is pruned");
            assertTrue(Files.exists(recentOrphan), "a recent one is not (its rows may still be on their way)");
            assertTrue(Files.exists(notOurs), "files not named like recordings are left alone");
            assertEquals(List.of("notes.txt", "parley-old-live.webm", "parley-recent-orphan.webm", "parley-recent.webm"),
                    f.recordingDirectory());
            assertEquals(0, deletion.prune(NOW.minus(RETENTION)), "a second prune finds nothing");
        }
    }

    private static Path orphan(Fixture f, String id, Instant modified) throws IOException {
        Path file = Files.writeString(f.file(id), "orphan");
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    /** Sizes of the retention test: more than one prune batch. */
    private static final class SessionDeletionTestSizes {
        static final int MANY = 130;
    }

    /** A fresh database, a recording directory, and what a stored session looks like in both. */
    private final class Fixture implements AutoCloseable {

        final String database = "deletion_" + (++databases);
        final PostgresStore store;
        final Path dir;

        Fixture() throws Exception {
            server.createDatabase(database);
            store = new PostgresStore(server, database);
            dir = Files.createDirectories(temp.resolve("recordings"));
        }

        String dirUri() {
            return "file://" + dir;
        }

        Path file(String id) {
            return dir.resolve("parley-" + id + ".webm");
        }

        /** A session with two turns and their metrics, and optionally a recording file with a row. */
        void session(String id, Instant started, boolean recorded, boolean ended) throws IOException {
            store.run(s -> s.sessionStarted(id, started, ClientInfo.UNKNOWN));
            for (int turn = 1; turn <= 2; turn++) {
                int n = turn;
                store.run(s -> s.turnCompleted(id, new CompletedTurn(n, "user " + n, "agent " + n, null, false,
                        started, started.plusMillis(500), started.plusSeconds(2)), metrics(n)));
            }
            if (recorded) {
                Files.write(file(id), ("webm bytes of " + id).getBytes(StandardCharsets.UTF_8));
                store.run(s -> s.recordingStarted(id, "file://" + file(id), "audio/webm", started));
            }
            if (ended) {
                store.run(s -> s.sessionEnded(id, started.plusSeconds(30), "CLIENT_CLOSED", null));
            }
        }

        SessionDeletion deletion(RecordingFiles files, Set<String> live) {
            return new SessionDeletion(new PostgresRows(store), files, live::contains, () -> { });
        }

        void assertWhole(String id) throws SQLException, IOException {
            assertEquals(List.of(1L, 2L, 2L), rowCounts(id).subList(0, 3), "session, turns and metrics of " + id);
            boolean recorded = Files.exists(file(id));
            assertEquals(recorded ? 1L : 0L, rowCounts(id).get(3), "recording row of " + id);
            if (recorded) {
                assertEquals("webm bytes of " + id, Files.readString(file(id)));
            }
        }

        void assertGone(String id) throws SQLException, IOException {
            assertRowsGone(id);
            assertFalse(Files.exists(file(id)), "the recording of " + id);
            assertFalse(Files.exists(dir.resolve("parley-" + id + ".webm.deleting")), "the recording of " + id + " moved aside");
        }

        void assertRowsGone(String id) throws SQLException {
            assertEquals(List.of(0L, 0L, 0L, 0L), rowCounts(id), "session, turns, metrics and recording rows of " + id);
            assertTrue(store.call(s -> s.session(id)).isEmpty());
        }

        /** Rows of {@code id} in PARLEY_SESSION, PARLEY_TURN, PARLEY_TURN_METRICS and PARLEY_RECORDING, counted by SQL. */
        List<Long> rowCounts(String id) throws SQLException {
            List<Long> counts = new ArrayList<>();
            try (Connection c = server.connect(database)) {
                for (String sql : List.of("SELECT count(*) FROM parley_session WHERE id = ?",
                        "SELECT count(*) FROM parley_turn WHERE session_id = ?",
                        "SELECT count(*) FROM parley_turn_metrics WHERE session_id = ?",
                        "SELECT count(*) FROM parley_recording WHERE session_id = ?")) {
                    try (var statement = c.prepareStatement(sql)) {
                        statement.setString(1, id);
                        try (ResultSet rs = statement.executeQuery()) {
                            rs.next();
                            counts.add(rs.getLong(1));
                        }
                    }
                }
            }
            return counts;
        }

        List<String> recordingDirectory() throws IOException {
            try (Stream<Path> files = Files.list(dir)) {
                return files.map(p -> p.getFileName().toString()).sorted().toList();
            }
        }

        void sql(String sql) throws SQLException {
            try (Connection c = server.connect(database); Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        @Override
        public void close() {
            store.close();
        }
    }

    /** The store as the deletion sees it, each call in its own transaction (as the EJB's would be). */
    private record PostgresRows(PostgresStore store) implements SessionRows {

        @Override
        public boolean exists(String sessionId) {
            return store.call(s -> s.session(sessionId)).isPresent();
        }

        @Override
        public Optional<String> recordingLocation(String sessionId) {
            return store.call(s -> s.recording(sessionId)).map(RecordingRecord::getFilePath);
        }

        @Override
        public boolean delete(String sessionId) {
            return store.call(s -> s.deleteSession(sessionId));
        }

        @Override
        public List<String> startedBefore(Instant cutoff, int limit) {
            return store.call(s -> s.sessionsStartedBefore(cutoff, limit));
        }
    }

    private static TurnMetrics metrics(int turn) {
        long ms = 1_000_000L;
        long end = 1_000 * ms;
        return new TurnMetrics(turn, end, end + 400 * ms, end + 450 * ms, end + 600 * ms, end + 680 * ms, end + 700 * ms,
                TurnMetrics.NOT_REACHED, TurnMetrics.NOT_REACHED, 0, false);
    }
}
