package dev.parley.web.signalling;

/** Constants of the signalling protocol that both sides must agree on. */
public final class Protocol {

    /** The protocol version this server speaks; sent in {@link Ready} and checked in {@link Start}. */
    public static final int VERSION = 1;

    private Protocol() {
    }
}
