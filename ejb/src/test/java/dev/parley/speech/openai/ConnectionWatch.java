package dev.parley.speech.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A bare HTTP/1.1 server on 127.0.0.1 for one request, which can tell when the client closes the
 * connection without having to write to it (a read that ends): so a test sees a cancel close the
 * connection at once, not merely the next time the server sends something.
 */
public final class ConnectionWatch implements AutoCloseable {
    private final ServerSocket listening;
    private final CountDownLatch requestRead = new CountDownLatch(1);
    private final CountDownLatch closedByClient = new CountDownLatch(1);
    private final Thread thread;
    private volatile Socket connection;

    /** {@code head} is written once the request is read (status line, headers and any body bytes). */
    public ConnectionWatch(byte[] head) throws IOException {
        listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(head), "connection-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(byte[] head) {
        try (Socket socket = listening.accept()) {
            connection = socket;
            InputStream in = socket.getInputStream();
            int contentLength = readHeaders(in);
            in.readNBytes(contentLength);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.flush();
            requestRead.countDown();
            while (in.read() >= 0) {
                // The client sends nothing more; the read ends when it closes the connection.
            }
            closedByClient.countDown();
        } catch (IOException e) {
            closedByClient.countDown(); // a reset is a close too
        }
    }

    private static int readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the request ended inside its headers");
            }
            headers.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        for (String line : headers.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).strip());
            }
        }
        return 0;
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + listening.getLocalPort() + "/v1");
    }

    public boolean awaitRequest(long seconds) throws InterruptedException {
        return requestRead.await(seconds, TimeUnit.SECONDS);
    }

    public boolean awaitClosedByClient(long millis) throws InterruptedException {
        return closedByClient.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        listening.close();
        Socket socket = connection;
        if (socket != null) {
            socket.close();
        }
    }
}
