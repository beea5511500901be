package dev.parley.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.parley.conversation.TurnMetrics;
import dev.parley.session.ClientInfo;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real {@link SessionStore} on a real PostgreSQL server (Debian's binaries, a throwaway cluster
 * on a random loopback port): the schema Parley's persistence unit generates, every write the
 * session history makes, the admin API's paged queries, and the history surviving a server restart.
 * The persistence unit is the deployed one ({@code META-INF/persistence.xml}, unit {@code parley}),
 * switched to a local JDBC connection instead of Payara's JTA data source; each store call gets
 * its own transaction, as the stateless EJB's container-managed one would.
 */
@Timeout(300)
class SessionStoreOnPostgresTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static PostgresServer server;

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
    void aTurnMetricsTableFromBeforeTheConcealedFramesColumnIsExtendedAndItsRowsReadNone() throws Exception {
        server.createDatabase("extend_test");
        try (PostgresStore store = new PostgresStore(server, "extend_test")) {
            store.run(s -> s.sessionStarted("s-old", T0, ClientInfo.UNKNOWN));
            store.run(s -> s.turnCompleted("s-old", new CompletedTurn(1, "hello", "Hi!", null, false,
                    T0.plusMillis(1_000), T0.plusMillis(1_500), T0.plusMillis(3_000)), metrics(1, false)));
        }
        try (Connection c = server.connect("extend_test")) {
            // the table as the release before this column made it
            c.createStatement().execute("ALTER TABLE parley_turn_metrics DROP COLUMN user_frames_concealed");
        }

        try (PostgresStore store = new PostgresStore(server, "extend_test")) { // the upgrade deploys
            assertNull(store.call(s -> s.metrics("s-old")).get(0).getUserFramesConcealed(), "a turn stored before holds none");
            assertEquals("integer", columns("extend_test").get("parley_turn_metrics.user_frames_concealed"),
                    "the first use of the store extended the table");
            store.run(s -> s.turnCompleted("s-old", new CompletedTurn(2, "stop", "Okay.", null, true,
                    T0.plusMillis(4_000), T0.plusMillis(4_500), T0.plusMillis(5_000)), metrics(2, true)));
            assertEquals(6, store.call(s -> s.metrics("s-old")).get(1).getUserFramesConcealed());
        }
    }

    @Test
    void deployingOnAnEmptyDatabaseCreatesTheSchemaAndRedeployingKeepsIt() throws Exception {
        server.createDatabase("schema_test");
        assertEquals(Map.of(), columns("schema_test"), "the database starts empty");

        try (PostgresStore store = new PostgresStore(server, "schema_test")) {
            store.run(s -> s.sessionStarted("s-1", T0, ClientInfo.UNKNOWN));
        }
        Map<String, String> columns = columns("schema_test");
        assertEquals("character varying(64) not null", columns.get("parley_session.id"));
        assertEquals("character varying(16) not null", columns.get("parley_session.state"));
        assertEquals("timestamp with time zone not null", columns.get("parley_session.started_at"));
        assertEquals("timestamp with time zone", columns.get("parley_session.ended_at"));
        assertEquals("character varying(1000)", columns.get("parley_session.end_detail"));
        assertEquals("character varying(4000)", columns.get("parley_turn.user_text"));
        assertEquals("character varying(4000)", columns.get("parley_turn.heard_text"));
        assertEquals("boolean not null", columns.get("parley_turn.interrupted"));
        assertEquals("timestamp with time zone", columns.get("parley_turn.user_spoke_at"));
        assertEquals("timestamp with time zone not null", columns.get("parley_turn.ended_at"));
        assertEquals("bigint not null", columns.get("parley_turn_metrics.response_latency_ms"));
        assertEquals("character varying(1024) not null", columns.get("parley_recording.file_path"));
        assertEquals("timestamp with time zone not null", columns.get("parley_recording.started_at"));

        // A redeploy (or a restart) runs the same DDL generation against the existing tables.
        try (PostgresStore store = new PostgresStore(server, "schema_test")) {
            assertEquals(SessionState.LIVE, store.call(s -> s.session("s-1")).orElseThrow().getState());
        }
        assertEquals(columns, columns("schema_test"), "a second deploy changes no column");
    }

    @Test
    void storesASessionWithItsTurnsMetricsAndRecording() throws Exception {
        server.createDatabase("lifecycle_test");
        String longText = "Grüße, 東京 — naïve café ☕ ".repeat(200).substring(0, TurnRecord.TEXT_LENGTH);
        String tooLong = "ß".repeat(TurnRecord.TEXT_LENGTH + 500);
        ClientInfo client = new ClientInfo("127.0.0.1", "Mozilla/5.0 (X11; Linux x86_64) Chromium/139 ünïcödé", "http://127.0.0.1:8080");

        try (PostgresStore store = new PostgresStore(server, "lifecycle_test")) {
            store.run(s -> s.sessionStarted("sess-a", T0, client));
            store.run(s -> s.sessionStarted("sess-a", T0.plusSeconds(60), ClientInfo.UNKNOWN)); // a repeat changes nothing
            store.run(s -> s.recordingStarted("sess-a", "/var/parley/recordings/old.webm", "audio/webm", T0));
            store.run(s -> s.recordingStarted("sess-a", "/var/parley/recordings/sess-a.webm", "audio/webm", T0.plusMillis(5)));
            store.run(s -> s.turnCompleted("sess-a",
                    new CompletedTurn(1, "Hallo, wie spät ist es?", longText, null, false,
                            T0.plusMillis(1_500), T0.plusMillis(2_250), T0.plusMillis(9_000)),
                    metrics(1, false)));
            store.run(s -> s.turnCompleted("sess-a",
                    new CompletedTurn(2, "stop", tooLong, "ßßß", true,
                            T0.plusMillis(10_000), T0.plusMillis(10_700), T0.plusMillis(11_000)),
                    metrics(2, true)));
            store.run(s -> s.turnCompleted("sess-a",
                    new CompletedTurn(3, null, "Are you still there?", null, false, null, null, T0.plusMillis(30_000)),
                    null));
            store.run(s -> s.sessionEnded("sess-a", T0.plusSeconds(40), "CLIENT_CLOSED", "détail ".repeat(300),
                    new CallAudio(1_950, 50, 4, 54, 2_000, 12.5, new CallAudio.BrowserLeg(1_990, 10, 3.25, 41.5))));
            store.run(s -> s.sessionEnded("sess-a", T0.plusSeconds(99), "ERROR", "a second end changes nothing", new CallAudio(1, 1, 1, 1, 1, 1.0)));
            store.run(s -> s.sessionEnded("sess-never-started", T0.plusSeconds(7), "ERROR", "no start was stored"));
        }

        try (PostgresStore store = new PostgresStore(server, "lifecycle_test")) {
            SessionRecord session = store.call(s -> s.session("sess-a")).orElseThrow();
            assertEquals(SessionState.ENDED, session.getState());
            assertEquals(T0, session.getStartedAt());
            assertEquals(T0.plusSeconds(40), session.getEndedAt());
            assertEquals(client, session.getClient());
            assertEquals("CLIENT_CLOSED", session.getEndCause());
            assertEquals("détail ".repeat(300).substring(0, SessionRecord.DETAIL_LENGTH), session.getEndDetail());
            CallAudio audio = session.getCallAudio().orElseThrow();
            assertEquals(new CallAudio(1_950, 50, 4, 54, 2_000, 12.5, new CallAudio.BrowserLeg(1_990, 10, 3.25, 41.5)), audio);
            assertEquals(2.5, audio.callerLossPercent(), 1e-9, "50 of 2000 expected");
            assertEquals(0.5, audio.browserLeg().lossPercent(), 1e-9, "10 of 2000 expected on the browser's leg");

            SessionRecord orphan = store.call(s -> s.session("sess-never-started")).orElseThrow();
            assertEquals(SessionState.ENDED, orphan.getState());
            assertEquals(ClientInfo.UNKNOWN, orphan.getClient());
            assertTrue(orphan.getCallAudio().isEmpty(), "ended without media: no audio counts");
            assertEquals("double precision", columns("lifecycle_test").get("parley_session.caller_max_jitter_ms"));
            assertEquals("double precision", columns("lifecycle_test").get("parley_session.browser_round_trip_ms"));
            assertEquals("bigint", columns("lifecycle_test").get("parley_session.browser_packets_lost"));

            assertEquals(3L, (long) store.call(s -> s.turnCount("sess-a")));
            List<TurnRecord> turns = store.call(s -> s.turns("sess-a"));
            assertEquals(List.of(1, 2, 3), turns.stream().map(TurnRecord::getTurn).toList());
            TurnRecord first = turns.get(0);
            assertEquals("Hallo, wie spät ist es?", first.getUserText());
            assertEquals(longText, first.getAgentText());
            assertNull(first.getHeardText());
            assertFalse(first.isInterrupted());
            assertEquals(T0.plusMillis(1_500), first.getUserSpokeAt());
            assertEquals(T0.plusMillis(2_250), first.getAgentStartedAt());
            assertEquals(T0.plusMillis(9_000), first.getEndedAt());
            TurnRecord barged = turns.get(1);
            assertEquals(tooLong.substring(0, TurnRecord.TEXT_LENGTH), barged.getAgentText());
            assertEquals("ßßß", barged.getHeardText());
            assertTrue(barged.isInterrupted());
            TurnRecord idlePrompt = turns.get(2);
            assertNull(idlePrompt.getUserText());
            assertNull(idlePrompt.getUserSpokeAt());
            assertNull(idlePrompt.getAgentStartedAt());

            List<TurnMetricsRecord> metrics = store.call(s -> s.metrics("sess-a"));
            assertEquals(List.of(1, 2), metrics.stream().map(TurnMetricsRecord::getTurn).toList());
            TurnMetricsRecord m = metrics.get(1);
            assertEquals(metrics(2, true).responseLatencyMillis(), m.getResponseLatencyMillis());
            assertEquals(700, m.getResponseLatencyMillis());
            assertEquals(metrics(2, true).sttFinalLatencyMillis(), m.getSttFinalLatencyMillis());
            assertEquals(metrics(2, true).endpointingMillis(), m.getEndpointingMillis());
            assertEquals(metrics(2, true).sttFinishLatencyMillis(), m.getSttFinishLatencyMillis());
            assertEquals(metrics(2, true).firstTokenLatencyMillis(), m.getFirstTokenLatencyMillis());
            assertEquals(metrics(2, true).firstTtsAudioLatencyMillis(), m.getFirstTtsAudioLatencyMillis());
            assertEquals(120, m.getBargeInReactionMillis());
            assertEquals(-1, metrics.get(0).getBargeInReactionMillis());
            assertEquals(17, m.getFramesDroppedOnFlush());
            assertTrue(m.isInterrupted());
            assertEquals(6, m.getUserFramesConcealed());

            RecordingRecord recording = store.call(s -> s.recording("sess-a")).orElseThrow();
            assertEquals("/var/parley/recordings/sess-a.webm", recording.getFilePath());
            assertEquals("audio/webm", recording.getMediaType());
            assertEquals(T0.plusMillis(5), recording.getStartedAt());
            assertTrue(store.call(s -> s.recording("sess-never-started")).isEmpty());
        }
    }

    @Test
    void pagesAndFiltersSessionsByStateAndTimeNewestFirst() throws Exception {
        server.createDatabase("query_test");
        try (PostgresStore store = new PostgresStore(server, "query_test")) {
            // Six sessions a minute apart, stored out of order; "d" and "c" start at the same
            // instant (ties go by id).
            Map<String, Integer> startMinute = Map.of("a", 0, "b", 1, "c", 2, "d", 2, "e", 3, "f", 4);
            for (String id : List.of("d", "a", "f", "c", "e", "b")) {
                store.run(s -> s.sessionStarted(id, T0.plusSeconds(60L * startMinute.get(id)), ClientInfo.UNKNOWN));
            }
            for (String ended : List.of("a", "c", "f")) {
                store.run(s -> s.sessionEnded(ended, T0.plusSeconds(600), "CLIENT_CLOSED", null));
            }

            assertPage(store, new SessionQuery(null, null, null, 0, 4), 6, "f", "e", "c", "d");
            assertPage(store, new SessionQuery(null, null, null, 1, 4), 6, "b", "a");
            assertPage(store, new SessionQuery(null, null, null, 2, 4), 6);
            assertPage(store, new SessionQuery(SessionState.LIVE, null, null, 0, 10), 3, "e", "d", "b");
            assertPage(store, new SessionQuery(SessionState.ENDED, null, null, 0, 2), 3, "f", "c");
            assertPage(store, new SessionQuery(SessionState.ENDED, null, null, 1, 2), 3, "a");
            // startedFrom is inclusive, startedBefore exclusive
            assertPage(store, new SessionQuery(null, T0.plusSeconds(60), T0.plusSeconds(180), 0, 10), 3, "c", "d", "b");
            assertPage(store, new SessionQuery(SessionState.LIVE, T0.plusSeconds(120), null, 0, 10), 2, "e", "d");
            assertPage(store, new SessionQuery(null, null, T0, 0, 10), 0);
            assertPage(store, new SessionQuery(null, T0.plusMillis(1), T0.plusSeconds(60).plusMillis(1), 0, 10), 1, "b");
        }
    }

    @Test
    void theSessionsOfAnInstanceThatLeftTheClusterAreEndedAndNoOtherOnes() throws Exception {
        server.createDatabase("departed_test");
        try (PostgresStore store = new PostgresStore(server, "departed_test")) {
            store.run(s -> s.sessionStarted("on-a", T0, ClientInfo.UNKNOWN, "member-a", "ws://127.0.0.1:8888/kurento"));
            store.run(s -> s.sessionStarted("on-b-1", T0, ClientInfo.UNKNOWN, "member-b", "ws://127.0.0.1:8889/kurento"));
            store.run(s -> s.sessionStarted("on-b-2", T0, ClientInfo.UNKNOWN, "member-b", "ws://127.0.0.1:8888/kurento"));
            store.run(s -> s.sessionStarted("on-b-ended", T0, ClientInfo.UNKNOWN, "member-b", null));
            store.run(s -> s.sessionEnded("on-b-ended", T0.plusSeconds(1), "HANG_UP", "hung up"));
            store.run(s -> s.sessionStarted("owner-unknown", T0, ClientInfo.UNKNOWN));

            List<String> ended = store.call(s -> s.endSessionsOfDepartedInstances(java.util.Set.of("member-a"), T0.plusSeconds(9),
                    "INSTANCE_LOST", "the instance left"));

            assertEquals(java.util.Set.of("on-b-1", "on-b-2"), java.util.Set.copyOf(ended));
            SessionRecord lost = store.call(s -> s.session("on-b-1")).orElseThrow();
            assertEquals(SessionState.ENDED, lost.getState());
            assertEquals("INSTANCE_LOST", lost.getEndCause());
            assertEquals(T0.plusSeconds(9), lost.getEndedAt());
            assertEquals("member-b", lost.getInstance());
            assertEquals("ws://127.0.0.1:8889/kurento", lost.getMediaServer());
            assertEquals(SessionState.LIVE, store.call(s -> s.session("on-a")).orElseThrow().getState());
            assertEquals(SessionState.LIVE, store.call(s -> s.session("owner-unknown")).orElseThrow().getState());
            assertEquals("HANG_UP", store.call(s -> s.session("on-b-ended")).orElseThrow().getEndCause());
            assertEquals(List.of(), store.call(s -> s.endSessionsOfDepartedInstances(java.util.Set.of("member-a"), T0.plusSeconds(10),
                    "INSTANCE_LOST", "again")), "a second sweep finds nothing");
        }
    }

    @Test
    void theHistorySurvivesAServerRestart() throws Exception {
        server.createDatabase("restart_test");
        try (PostgresStore store = new PostgresStore(server, "restart_test")) {
            store.run(s -> s.sessionStarted("before", T0, new ClientInfo("::1", "curl/8 — ✓", null)));
            store.run(s -> s.recordingStarted("before", "/recordings/before.webm", "audio/webm", T0));
            store.run(s -> s.turnCompleted("before",
                    new CompletedTurn(1, "eins", "zwei", null, false, T0, T0.plusMillis(400), T0.plusSeconds(2)),
                    metrics(1, false)));
            store.run(s -> s.sessionEnded("before", T0.plusSeconds(5), "CLIENT_CLOSED", null));
            store.run(s -> s.sessionStarted("still-live", T0.plusSeconds(10), ClientInfo.UNKNOWN));
        }

        server.restart();

        try (PostgresStore store = new PostgresStore(server, "restart_test")) {
            SessionRecord before = store.call(s -> s.session("before")).orElseThrow();
            assertEquals(SessionState.ENDED, before.getState());
            assertEquals("curl/8 — ✓", before.getClient().userAgent());
            assertEquals(T0.plusSeconds(5), before.getEndedAt());
            assertEquals(List.of("zwei"), store.call(s -> s.turns("before")).stream().map(TurnRecord::getAgentText).toList());
            assertEquals(1, store.call(s -> s.metrics("before")).size());
            assertEquals("/recordings/before.webm", store.call(s -> s.recording("before")).orElseThrow().getFilePath());
            assertPage(store, new SessionQuery(null, null, null, 0, 10), 2, "still-live", "before");

            // Writing goes on where it stopped: generated ids continue without colliding.
            store.run(s -> s.turnCompleted("still-live",
                    new CompletedTurn(1, "after", "the restart", null, false, null, null, T0.plusSeconds(20)),
                    metrics(1, false)));
            store.run(s -> s.turnCompleted("before",
                    new CompletedTurn(2, "late", "turn", null, false, null, null, T0.plusSeconds(21)), null));
            assertEquals(2L, (long) store.call(s -> s.turnCount("before")));
            assertEquals(1L, (long) store.call(s -> s.turnCount("still-live")));
        }
    }

    @Test
    void instantsKeepTheirOrderAcrossADaylightSavingChangeOfTheServersZone() throws Exception {
        server.createDatabase("zone_test");
        // 2026-10-25 in Berlin: 02:30 local happens twice, at 00:30 UTC (CEST) and 01:30 UTC (CET).
        Instant firstHalfPastTwo = Instant.parse("2026-10-25T00:30:00Z");
        Instant secondHalfPastTwo = Instant.parse("2026-10-25T01:30:00Z");
        // 2026-03-29 in Berlin: 02:30 local never happens, while 02:30 UTC does (04:30 CEST).
        Instant springForward = Instant.parse("2026-03-29T02:30:00Z");
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try (PostgresStore store = new PostgresStore(server, "zone_test")) {
            store.run(s -> s.sessionStarted("first", firstHalfPastTwo, ClientInfo.UNKNOWN));
            store.run(s -> s.sessionStarted("second", secondHalfPastTwo, ClientInfo.UNKNOWN));
            store.run(s -> s.sessionStarted("spring", springForward, ClientInfo.UNKNOWN));
            assertEquals(firstHalfPastTwo, store.call(s -> s.session("first")).orElseThrow().getStartedAt());
            assertEquals(secondHalfPastTwo, store.call(s -> s.session("second")).orElseThrow().getStartedAt());
            assertEquals(springForward, store.call(s -> s.session("spring")).orElseThrow().getStartedAt());
            assertPage(store, new SessionQuery(null, secondHalfPastTwo, null, 0, 10), 1, "second");
        } finally {
            TimeZone.setDefault(zone);
        }
        // The stored values do not depend on the zone of the JVM that wrote them.
        try (PostgresStore store = new PostgresStore(server, "zone_test")) {
            assertEquals(firstHalfPastTwo, store.call(s -> s.session("first")).orElseThrow().getStartedAt());
            assertEquals(secondHalfPastTwo, store.call(s -> s.session("second")).orElseThrow().getStartedAt());
        }
    }

    @Test
    void textsPostgresqlWouldRejectOrMangleAreStoredReadably() throws Exception {
        server.createDatabase("text_test");
        String clippedInsideAnEmoji = "a".repeat(TurnRecord.TEXT_LENGTH - 1) + "\uD83D\uDE00 tail";
        try (PostgresStore store = new PostgresStore(server, "text_test")) {
            store.run(s -> s.sessionStarted("t", T0, ClientInfo.UNKNOWN));
            store.run(s -> s.turnCompleted("t",
                    new CompletedTurn(1, "nul\u0000byte", clippedInsideAnEmoji, null, false, null, null, T0), null));
            TurnRecord turn = store.call(s -> s.turns("t")).get(0);
            assertEquals("a".repeat(TurnRecord.TEXT_LENGTH - 1), turn.getAgentText());
            assertEquals("nulbyte", turn.getUserText());
        }
    }

    private static void assertPage(PostgresStore store, SessionQuery query, long total, String... ids) {
        SessionPage page = store.call(s -> s.sessions(query));
        assertEquals(List.of(ids), page.sessions().stream().map(SessionRecord::getId).toList(), query.toString());
        assertEquals(total, page.total(), query.toString());
    }

    /** Turn metrics on a nanosecond clock starting at 1 s: 400 ms endpointing, 700 ms to first audio. */
    private static TurnMetrics metrics(int turn, boolean interrupted) {
        long ms = 1_000_000L;
        long userSpeechEnd = 1_000 * ms;
        return new TurnMetrics(turn, userSpeechEnd, userSpeechEnd + 400 * ms, userSpeechEnd + 450 * ms,
                userSpeechEnd + 600 * ms, userSpeechEnd + 680 * ms, userSpeechEnd + 700 * ms,
                interrupted ? userSpeechEnd + 2_120 * ms : TurnMetrics.NOT_REACHED,
                interrupted ? userSpeechEnd + 2_000 * ms : TurnMetrics.NOT_REACHED,
                interrupted ? 17 : 0, interrupted, false, 0, interrupted ? 6 : 0);
    }

    /** Every column of the public schema as "table.column" to its SQL type (with lengths and "not null"). */
    private static Map<String, String> columns(String database) throws SQLException {
        Map<String, String> columns = new TreeMap<>();
        try (Connection c = server.connect(database);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull FROM pg_attribute a"
                             + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                             + " WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped")) {
            while (rs.next()) {
                columns.put(rs.getString(1) + "." + rs.getString(2), rs.getString(3) + (rs.getBoolean(4) ? " not null" : ""));
            }
        }
        return columns;
    }
}
