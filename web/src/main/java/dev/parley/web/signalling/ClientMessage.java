package dev.parley.web.signalling;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/**
 * A message the browser sends on the signalling socket; its {@code type} property picks the record
 * JSON-B decodes it into. New message kinds are a new record here plus a handler in
 * {@link SignallingSocket}.
 */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "ping", type = Ping.class)
})
public sealed interface ClientMessage permits Ping {
}
