package dev.parley.kms.media;

/**
 * What a player's media reports besides errors. Called from an engine worker thread (never a
 * GStreamer streaming thread, never the GStreamer thread), so it may call back into the player.
 */
public interface PlayerListener {

    /** The media reached its end; {@link PlayerMedia#stopIfEnded()} tells whether that still holds. */
    void endOfStream();
}
