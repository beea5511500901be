package dev.parley.web.signalling;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbException;

/** JSON-B encoding of signalling messages; one shared, thread-safe {@link Jsonb} for all sockets. */
@ApplicationScoped
public class SignallingCodec {

    static final String EXAMPLE = "{\"type\":\"ping\",\"id\":\"1\"}";

    private Jsonb jsonb;

    @PostConstruct
    void open() {
        jsonb = JsonbBuilder.create();
    }

    public ClientMessage decode(String text) throws MalformedMessageException {
        ClientMessage message;
        try {
            message = jsonb.fromJson(text, ClientMessage.class);
        } catch (JsonbException e) {
            throw new MalformedMessageException("not a signalling message (" + rootMessage(e)
                    + "); expected a JSON object with a known \"type\", e.g. " + EXAMPLE, e);
        }
        if (message == null) {
            throw new MalformedMessageException("empty signalling message; expected e.g. " + EXAMPLE, null);
        }
        return message;
    }

    public String encode(ServerMessage message) {
        return jsonb.toJson(message);
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("SignallingCodec could not close its JSON-B instance", e);
        }
    }

    /** JSON-B wraps the parser's exception; the innermost message says what was wrong. */
    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
