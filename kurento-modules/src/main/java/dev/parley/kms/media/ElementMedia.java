package dev.parley.kms.media;

/**
 * An element's audio: one input slot, and an output that may feed any number of sinks. The
 * protocol layer keeps the connection tables and calls these only for real changes (it unlinks
 * a sink's old source before linking a new one).
 */
public interface ElementMedia extends AutoCloseable {

    /** Starts feeding this element's audio output into {@code sink}'s audio input. */
    void linkAudio(ElementMedia sink);

    /** Stops feeding {@code sink}. Unlinking a pair that is not linked does nothing. */
    void unlinkAudio(ElementMedia sink);

    /**
     * Whether this element decodes the audio it receives for a sink that carries another codec
     * (KMS: its output stage transcodes); audio passed through as received is not transcoded.
     */
    default boolean transcodes() {
        return false;
    }

    /** Releases the element's GStreamer objects, sockets and ports. Idempotent. */
    @Override
    void close();
}
