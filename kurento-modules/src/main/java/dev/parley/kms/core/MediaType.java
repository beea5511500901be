package dev.parley.kms.core;

/** Kurento's MediaType enum; {@code connect} without a type means all three, in this order. */
public enum MediaType {
    AUDIO, VIDEO, DATA
}
