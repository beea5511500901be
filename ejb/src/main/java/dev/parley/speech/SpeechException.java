package dev.parley.speech;

/** A provider failure, with a message that names the cause (a missing model file, an unreachable URL...). */
public class SpeechException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    public SpeechException(String message) {
        super(message);
    }

    public SpeechException(String message, Throwable cause) {
        super(message, cause);
    }
}
