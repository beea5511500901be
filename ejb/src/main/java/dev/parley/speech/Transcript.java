package dev.parley.speech;

/**
 * A recognition result.
 *
 * @param text          the words recognised so far (partial) or in the whole utterance (final)
 * @param isFinal       true once the utterance is finished
 * @param audioMillis   how much of the utterance's audio the result covers, in ms
 * @param latencyMillis time from the last audio it covers being handed over to the result existing
 */
public record Transcript(String text, boolean isFinal, long audioMillis, long latencyMillis) {
    public boolean isEmpty() {
        return text == null || text.isBlank();
    }
}
