package dev.parley.kms.media;

/**
 * A mixing hub (Kurento's Composite): the ports created on it each hear the mix of every other
 * port's audio input, never their own. Closing the hub closes its ports.
 */
public interface HubMedia extends AutoCloseable {

    /** Releases the hub and every port still on it. Idempotent. */
    @Override
    void close();
}
