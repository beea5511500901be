package dev.parley.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP relay on loopback between a client and the real media server, for the faults a network
 * and a struggling server cause: it can cut or reset every link at once (a crash, seen from the client), or
 * let a new link through its WebSocket handshake and then pass nothing the server says (a server
 * that accepts connections but does not answer in time). The server behind it is the real one.
 */
final class FaultyRelay implements AutoCloseable {

    enum Mode {
        /** Bytes flow both ways. */
        PASS,
        /** New links get the server's handshake answer, then none of its bytes. */
        MUTE_AFTER_HANDSHAKE
    }

    private static final byte[] END_OF_HEADERS = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final int serverPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile Mode mode = Mode.PASS;

    FaultyRelay(int serverPort) throws IOException {
        this.serverPort = serverPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLinks, "faulty-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "ws://127.0.0.1:" + listener.getLocalPort() + "/kurento";
    }

    /** Applies to links opened from now on. */
    void mode(Mode newMode) {
        mode = newMode;
    }

    /** Closes every open link at once. */
    void cutAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    /**
     * Resets every open link at once (an RST, not a FIN), as the kernel does for the sockets of a
     * killed process that had unread bytes.
     */
    void resetAll() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException e) {
                // closed already
            }
            closeQuietly(s);
        }
    }

    private void acceptLinks() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), serverPort);
                sockets.add(client);
                sockets.add(server);
                boolean mute = mode == Mode.MUTE_AFTER_HANDSHAKE;
                pump(client, server, false);
                pump(server, client, mute);
            } catch (IOException e) {
                // the listener closed, or the server refused: the client sees its link end
            }
        }
    }

    private void pump(Socket from, Socket to, boolean muteAfterHeaders) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[8192];
            int matched = 0;
            boolean headersDone = false;
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    if (!muteAfterHeaders) {
                        out.write(buffer, 0, n);
                        continue;
                    }
                    int pass = 0;
                    while (!headersDone && pass < n) {
                        matched = buffer[pass] == END_OF_HEADERS[matched] ? matched + 1 : (buffer[pass] == END_OF_HEADERS[0] ? 1 : 0);
                        pass++;
                        headersDone = matched == END_OF_HEADERS.length;
                    }
                    out.write(buffer, 0, pass); // everything after the handshake's headers is swallowed
                }
            } catch (IOException e) {
                // one side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "faulty-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeQuietly(Socket s) {
        sockets.remove(s);
        try {
            s.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        cutAll();
    }
}
