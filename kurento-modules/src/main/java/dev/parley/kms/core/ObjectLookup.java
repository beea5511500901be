package dev.parley.kms.core;

/** Finds a live object by id on behalf of a session (which then refers to it), or fails with 40101/40109. */
@FunctionalInterface
public interface ObjectLookup {
    MediaObject lookup(String sessionId, String objectId);
}
