package dev.parley.session;

/**
 * A voice session ended and everything it held is released (fired as a CDI event by
 * {@link SessionRegistry}).
 *
 * @param sessionId the session
 * @param cause     why
 * @param detail    a sentence for logs, the admin API and the user's widget
 */
public record VoiceSessionEnded(String sessionId, SessionEndCause cause, String detail) {
}
