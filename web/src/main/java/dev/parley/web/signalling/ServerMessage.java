package dev.parley.web.signalling;

import jakarta.json.bind.annotation.JsonbSubtype;
import jakarta.json.bind.annotation.JsonbTypeInfo;

/** A message Parley sends on the signalling socket, tagged with its {@code type}. */
@JsonbTypeInfo(key = "type", value = {
        @JsonbSubtype(alias = "pong", type = Pong.class),
        @JsonbSubtype(alias = "error", type = SignallingError.class),
        @JsonbSubtype(alias = "ready", type = Ready.class),
        @JsonbSubtype(alias = "answer", type = Answer.class),
        @JsonbSubtype(alias = "ice", type = ServerIce.class),
        @JsonbSubtype(alias = "transcript", type = TranscriptMessage.class),
        @JsonbSubtype(alias = "state", type = StateMessage.class),
        @JsonbSubtype(alias = "interrupted", type = Interrupted.class),
        @JsonbSubtype(alias = "agent-paused", type = AgentPausedMessage.class),
        @JsonbSubtype(alias = "agent-resumed", type = AgentResumedMessage.class),
        @JsonbSubtype(alias = "metrics", type = MetricsMessage.class),
        @JsonbSubtype(alias = "ended", type = Ended.class)
})
public sealed interface ServerMessage
        permits Pong, SignallingError, Ready, Answer, ServerIce, TranscriptMessage, StateMessage, Interrupted,
        AgentPausedMessage, AgentResumedMessage, MetricsMessage, Ended {
}
