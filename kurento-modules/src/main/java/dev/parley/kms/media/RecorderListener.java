package dev.parley.kms.media;

/**
 * What a recorder's media reports. Calls come from GStreamer or engine threads and must not
 * block. Failures (e.g. a file that cannot be opened) arrive as {@link MediaEventSink#error}.
 */
public interface RecorderListener {

    /** The file pipeline is playing: audio from now on goes into the file. */
    void recording();

    /** End-of-stream went through the muxer and the file is closed (it is complete and playable). */
    void stopped();
}
