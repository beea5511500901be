package dev.parley.media;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kurento client's WebSocket layer logs each failed (re)connection attempt as a warning with
 * the media server's full URL (a secret in its query included) and a stack trace of about 50
 * lines, every 2 s while the server is down. {@link KurentoConnection} reports the connection's
 * state itself (see {@link OutagePolicy}), so that layer is kept to SEVERE, unless the operator
 * configured a level for it (e.g. {@code org.kurento.jsonrpc.client.level=FINE} to debug).
 */
final class KurentoClientLogging {

    static final String LOGGER = "org.kurento.jsonrpc.client";

    /** Held: JUL keeps loggers weakly, and a collected logger would forget its level. */
    private static volatile Logger quieted;

    private KurentoClientLogging() {
    }

    static synchronized void quiet() {
        if (quieted != null) {
            return;
        }
        Logger logger = Logger.getLogger(LOGGER);
        if (logger.getLevel() == null) {
            logger.setLevel(Level.SEVERE);
        }
        quieted = logger;
    }
}
