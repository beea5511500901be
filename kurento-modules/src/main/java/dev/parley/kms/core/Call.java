package dev.parley.kms.core;

import dev.parley.kms.protocol.Params;

/** One invocation (or construction): its params, the calling session, and how to resolve object references. */
public final class Call {
    private final Params params;
    private final String sessionId;
    private final ObjectLookup lookup;

    public Call(Params params, String sessionId, ObjectLookup lookup) {
        this.params = params;
        this.sessionId = sessionId;
        this.lookup = lookup;
    }

    public Params params() {
        return params;
    }

    public String sessionId() {
        return sessionId;
    }

    /** A remote-object parameter, given by id; the calling session starts referring to it. */
    public <T extends MediaObject> T object(String name, Class<T> type) {
        return resolve(name, params.requiredString(name), type);
    }

    public <T extends MediaObject> T optionalObject(String name, Class<T> type) {
        String id = params.optionalString(name, null);
        return id == null ? null : resolve(name, id, type);
    }

    private <T extends MediaObject> T resolve(String name, String id, Class<T> type) {
        MediaObject found = lookup.lookup(sessionId, id);
        if (!type.isInstance(found)) {
            throw Params.marshall("'" + name + "' parameter should be a " + type.getSimpleName());
        }
        return type.cast(found);
    }
}
