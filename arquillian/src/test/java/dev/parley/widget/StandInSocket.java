package dev.parley.widget;

/**
 * The server's side of the signalling protocol in a test page, with no server: a script that
 * replaces WebSocket so that every socket the widget opens is kept in {@code window.sockets}, what
 * it sends in each socket's {@code sent}, and {@code deliver(message)} hands it a server message.
 * It must run before the widget script.
 */
final class StandInSocket {
    static final String SCRIPT = """
            <script>
            window.sockets = [];
            window.WebSocket = class {
              static OPEN = 1;
              constructor(url) { this.url = url; this.readyState = 0; this.sent = []; sockets.push(this);
                setTimeout(() => { this.readyState = 1; this.onopen && this.onopen(); }, 0); }
              send(text) { this.sent.push(JSON.parse(text)); }
              close() { this.readyState = 3; }
              deliver(message) { this.onmessage({ data: JSON.stringify(message) }); }
            };
            </script>
            """;

    private StandInSocket() {
    }
}
