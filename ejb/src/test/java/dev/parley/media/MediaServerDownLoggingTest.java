package dev.parley.media;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12: while the media server was down, the Kurento client logged a ~50-line stack trace
 * every 2 s, naming the media server's URL (secret included). Against the real media server
 * process, killed and started again: the outage is one warning line with its cause, nothing in the
 * log carries a stack trace or the secret, and one line says when it is back.
 */
class MediaServerDownLoggingTest {

    private static final String SECRET = "s3cret-do-not-log";

    @Test
    void aKilledMediaServerIsLoggedOnceWithoutStackTracesOrTheSecretAndOnceWhenBack() throws Exception {
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (MediaServerProcess server = MediaServerProcess.start()) {
            KurentoConnection connection = new KurentoConnection(MediaSettings.defaults(server.url() + "?secret=" + SECRET));
            try {
                connection.client();
                server.kill();
                long killedAt = System.nanoTime();
                long deadline = killedAt + 10_000_000_000L;
                while (connection.state() == KurentoConnection.State.CONNECTED && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(KurentoConnection.State.RECONNECTING, connection.state());
                Thread.sleep(9_000); // the Kurento client's loop ticks every 2 s: four or five ticks while down
                List<LogRecord> whileDown = List.copyOf(records);
                MediaServerStatus down = MediaServerStatus.of(connection);

                server.startAgain();
                deadline = System.nanoTime() + 40_000_000_000L;
                while (connection.state() != KurentoConnection.State.CONNECTED && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                long backMillis = (System.nanoTime() - killedAt) / 1_000_000;
                assertEquals(KurentoConnection.State.CONNECTED, connection.state(), "reconnected once the server was back");
                connection.client().getServerManager().getInfo();

                SimpleFormatter formatter = new SimpleFormatter();
                System.out.printf("MediaServerDownLoggingTest: %d records while down (%s), back %d ms after the kill; readiness while down: %s%n",
                        whileDown.size(), whileDown.stream().map(r -> r.getLevel() + " " + r.getLoggerName()).toList(), backMillis, down);
                for (LogRecord r : records) {
                    String text = formatter.format(r);
                    if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                        System.out.print("  " + text);
                    }
                    assertTrue(!text.contains(SECRET), "a log record shows the secret: " + text);
                    assertTrue(r.getThrown() == null || r.getLevel().intValue() < Level.INFO.intValue(),
                            "a stack trace in the log: " + text);
                }
                List<LogRecord> ours = records.stream().filter(r -> r.getLoggerName().equals(KurentoConnection.class.getName())).toList();
                List<LogRecord> outage = ours.stream().filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).toList();
                assertEquals(1, outage.size(), "the outage is logged once: " + outage.stream().map(formatter::formatMessage).toList());
                assertTrue(formatter.formatMessage(outage.get(0)).contains("is down: the connection dropped"), formatter.formatMessage(outage.get(0)));
                assertTrue(ours.stream().anyMatch(r -> formatter.formatMessage(r).contains("is back after")), "and once when back");
                assertTrue(records.stream().noneMatch(r -> r.getLoggerName().startsWith("org.kurento.jsonrpc.client")
                        && r.getLevel().intValue() >= Level.WARNING.intValue() && r.getLevel().intValue() < Level.SEVERE.intValue()),
                        "the Kurento client's per-attempt warnings are quiet");
                assertTrue(!down.up() && down.url().contains("secret=***") && !down.url().contains(SECRET), down.url());
                assertTrue(!down.detail().contains(SECRET), down.detail());
            } finally {
                connection.close();
            }
        } finally {
            root.removeHandler(capture);
        }
    }
}
