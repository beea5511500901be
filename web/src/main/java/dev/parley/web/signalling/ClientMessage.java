package dev.parley.web.signalling;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/**
 * A message the browser sends on the signalling socket; its {@code type} property picks the record
 * JSON-B decodes it into. New message kinds are a new record here plus a handler in
 * {@link SignallingSocket}. See docs/signalling.md for the protocol.
 */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "ping", type = Ping.class),
        @JsonbSubtype(alias = "hello", type = Hello.class),
        @JsonbSubtype(alias = "start", type = Start.class),
        @JsonbSubtype(alias = "ice", type = ClientIce.class),
        @JsonbSubtype(alias = "stop", type = Stop.class),
        @JsonbSubtype(alias = "text", type = UserText.class)
})
public sealed interface ClientMessage permits Ping, Hello, Start, ClientIce, Stop, UserText {
}
