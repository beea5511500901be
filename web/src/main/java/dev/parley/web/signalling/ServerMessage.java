package dev.parley.web.signalling;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/** A message Parley sends on the signalling socket, tagged with its {@code type}. */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "pong", type = Pong.class),
        @JsonbSubtype(alias = "error", type = SignallingError.class)
})
public sealed interface ServerMessage permits Pong, SignallingError {
}
