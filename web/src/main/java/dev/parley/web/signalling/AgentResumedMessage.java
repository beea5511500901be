package dev.parley.web.signalling;

/** The sound that paused the agent was no interruption (a cough, noise, "uh-huh"): the agent goes on where it stopped. */
public record AgentResumedMessage() implements ServerMessage {
}
