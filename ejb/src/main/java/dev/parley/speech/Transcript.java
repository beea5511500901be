package dev.parley.speech;

/**
 * A recognition result.
 *
 * @param text          the words recognised so far (partial) or in the whole utterance (final),
 *                      lower case without punctuation as the conversation engine's word rules expect
 * @param isFinal       true once the utterance is finished
 * @param audioMillis   how much of the utterance's audio the result covers, in ms
 * @param latencyMillis time from the last audio it covers being handed over to the result existing
 * @param writtenText   the same words as the recognizer wrote them, with case and punctuation when it
 *                      produces them (a "?" can end a question), else equal to {@code text}
 */
public record Transcript(String text, boolean isFinal, long audioMillis, long latencyMillis, String writtenText) {

    /** A result whose recognizer writes plain words: {@link #writtenText()} is {@code text}. */
    public Transcript(String text, boolean isFinal, long audioMillis, long latencyMillis) {
        this(text, isFinal, audioMillis, latencyMillis, text);
    }

    public boolean isEmpty() {
        return text == null || text.isBlank();
    }
}
