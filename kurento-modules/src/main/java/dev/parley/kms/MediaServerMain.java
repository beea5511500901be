package dev.parley.kms;

/** Entry point of the embedded media server jar. */
public final class MediaServerMain {
    private MediaServerMain() {
    }

    public static void main(String[] args) {
        throw new IllegalStateException("the media server is being built: see kurento-modules issue");
    }
}
