package dev.parley.web.signalling;

import dev.parley.conversation.SessionEndCause;
import dev.parley.media.IceCandidateMessage;
import dev.parley.session.VoiceSession;
import dev.parley.session.VoiceSessionEnded;

/** What a signalling connection does with its open voice session (a {@link VoiceSession}; a fake in unit tests). */
interface SessionHandle {

    String id();

    String answerBrowserOffer(String sdpOffer);

    void addBrowserCandidate(IceCandidateMessage candidate);

    /** The user typed {@code text} (checked: not blank, at most {@link UserText#MAX_CHARS}): a user turn for the conversation. */
    void userText(String text);

    /** Ends the session once; later calls do nothing. */
    void end(SessionEndCause cause, String detail);

    /** How the session ended, or null while it is live. */
    VoiceSessionEnded endedWith();

    static SessionHandle of(VoiceSession session) {
        return new SessionHandle() {
            @Override
            public String id() {
                return session.id();
            }

            @Override
            public String answerBrowserOffer(String sdpOffer) {
                return session.answerBrowserOffer(sdpOffer);
            }

            @Override
            public void addBrowserCandidate(IceCandidateMessage candidate) {
                session.addBrowserCandidate(candidate);
            }

            @Override
            public void userText(String text) {
                session.engine().userText(text);
            }

            @Override
            public void end(SessionEndCause cause, String detail) {
                session.end(cause, detail);
            }

            @Override
            public VoiceSessionEnded endedWith() {
                return session.endedWith();
            }
        };
    }
}
