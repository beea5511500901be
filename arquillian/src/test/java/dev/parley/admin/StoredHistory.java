package dev.parley.admin;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Properties;

/**
 * Writes session history straight into the domain's default database (H2 opened with
 * AUTO_SERVER, so a second process may connect), in the tables Parley's store created: sessions
 * hours apart for the time filters and paging, which a real call of a few seconds cannot produce.
 * The H2 driver is the one the Payara distribution ships.
 */
final class StoredHistory implements AutoCloseable {

    private final Connection connection;

    StoredHistory(Path payaraHome) throws Exception {
        Path driverJar = payaraHome.resolve("h2db/bin/h2.jar");
        if (!Files.isRegularFile(driverJar)) {
            throw new IllegalStateException("no H2 driver at " + driverJar);
        }
        URLClassLoader loader = new URLClassLoader(new URL[] {driverJar.toUri().toURL()}, getClass().getClassLoader());
        Driver driver = (Driver) Class.forName("org.h2.Driver", true, loader).getDeclaredConstructor().newInstance();
        String url = "jdbc:h2:" + payaraHome.resolve("glassfish/domains/domain1/lib/databases/embedded_default") + ";AUTO_SERVER=TRUE";
        connection = driver.connect(url, new Properties());
    }

    void session(String id, String state, Instant started, Instant ended, String endCause, String address, String userAgent)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into PARLEY_SESSION"
                + " (ID, STATE, STARTED_AT, ENDED_AT, END_CAUSE, END_DETAIL, CLIENT_ADDRESS, USER_AGENT, ORIGIN)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, state);
            insert.setTimestamp(3, Timestamp.from(started));
            insert.setTimestamp(4, ended == null ? null : Timestamp.from(ended));
            insert.setString(5, endCause);
            insert.setString(6, endCause == null ? null : "hung up");
            insert.setString(7, address);
            insert.setString(8, userAgent);
            insert.setString(9, "http://127.0.0.1:8080");
            insert.executeUpdate();
        }
    }

    /** The call's audio counts, as the session's end stores them. */
    void callAudio(String id, long received, long lost, long late, long concealed, double maxJitterMillis, long sent) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("update PARLEY_SESSION set CALLER_PACKETS_RECEIVED = ?,"
                + " CALLER_PACKETS_LOST = ?, CALLER_PACKETS_LATE = ?, CALLER_PACKETS_CONCEALED = ?, CALLER_MAX_JITTER_MS = ?,"
                + " AGENT_PACKETS_SENT = ? where ID = ?")) {
            update.setLong(1, received);
            update.setLong(2, lost);
            update.setLong(3, late);
            update.setLong(4, concealed);
            update.setDouble(5, maxJitterMillis);
            update.setLong(6, sent);
            update.setString(7, id);
            update.executeUpdate();
        }
    }

    void turn(long rowId, String sessionId, int turn, String userText, String agentText, String heardText, Instant endedAt)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into PARLEY_TURN"
                + " (ID, SESSION_ID, TURN_NUMBER, USER_TEXT, AGENT_TEXT, HEARD_TEXT, INTERRUPTED, USER_SPOKE_AT, AGENT_STARTED_AT, ENDED_AT)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, rowId);
            insert.setString(2, sessionId);
            insert.setInt(3, turn);
            insert.setString(4, userText);
            insert.setString(5, agentText);
            insert.setString(6, heardText);
            insert.setBoolean(7, heardText != null);
            insert.setTimestamp(8, Timestamp.from(endedAt.minusMillis(2000)));
            insert.setTimestamp(9, Timestamp.from(endedAt.minusMillis(1500)));
            insert.setTimestamp(10, Timestamp.from(endedAt));
            insert.executeUpdate();
        }
    }

    void metrics(long rowId, String sessionId, int turn, long responseMillis, long bargeInMillis) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into PARLEY_TURN_METRICS"
                + " (ID, SESSION_ID, TURN_NUMBER, RESPONSE_LATENCY_MS, STT_FINAL_LATENCY_MS, ENDPOINTING_MS, STT_FINISH_LATENCY_MS,"
                + " FIRST_TOKEN_LATENCY_MS, FIRST_TTS_AUDIO_LATENCY_MS, BARGE_IN_REACTION_MS, FRAMES_DROPPED_ON_FLUSH, INTERRUPTED)"
                + " values (?, ?, ?, ?, 100, 80, 20, 60, 40, ?, 0, ?)")) {
            insert.setLong(1, rowId);
            insert.setString(2, sessionId);
            insert.setInt(3, turn);
            insert.setLong(4, responseMillis);
            insert.setLong(5, bargeInMillis);
            insert.setBoolean(6, bargeInMillis >= 0);
            insert.executeUpdate();
        }
    }

    void recording(String sessionId, String fileUri, Instant started) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("insert into PARLEY_RECORDING"
                + " (SESSION_ID, FILE_PATH, MEDIA_TYPE, STARTED_AT) values (?, ?, 'audio/webm', ?)")) {
            insert.setString(1, sessionId);
            insert.setString(2, fileUri);
            insert.setTimestamp(3, Timestamp.from(started));
            insert.executeUpdate();
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
