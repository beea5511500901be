package dev.parley.kms.core;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.protocol.KurentoException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * The object registry (KMS MediaSet): live objects by id, which sessions refer to which object,
 * and each session's "in use" flag for garbage collection.
 *
 * <p>A session refers to an object once it creates or uses it; referring to an object also
 * refers to its ancestors, and a new child is referred to by every session of its parent. An
 * object is released when it is released explicitly, when its parent is, or when the last
 * session referring to it is dropped ({@code closeSession} or garbage collection).
 */
public final class MediaSet implements ObjectLookup {
    private static final Logger LOG = System.getLogger(MediaSet.class.getName());
    private static final String NEWREF_PREFIX = "newref:";

    private final Map<String, MediaObject> objects = new LinkedHashMap<>();
    private final Map<String, Set<String>> referrers = new HashMap<>();
    private final Map<String, SessionRefs> sessions = new LinkedHashMap<>();
    private final ServerManager serverManager;
    private final Listener listener;

    /** Told when a session leaves the table or an object is released, so their event handlers go too. */
    public interface Listener {
        void sessionDropped(String sessionId);

        void objectReleased(String objectId);
    }

    private static final class SessionRefs {
        final Set<String> objectIds = new HashSet<>();
        boolean inUse = true;
    }

    public MediaSet(ServerManager serverManager, Listener listener) {
        this.serverManager = serverManager;
        this.listener = listener;
    }

    public ServerManager serverManager() {
        return serverManager;
    }

    /** Adds a newly built object, referred to by its creator and by every session of its parent. */
    public synchronized void register(MediaObject object, String sessionId) {
        MediaObject parent = object.parent();
        if (parent != null && parent.isReleased()) {
            // The parent went while the child was being built: free the child rather than orphan it.
            object.markReleased();
            object.onRelease();
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_NOT_FOUND, "Object '" + parent.id() + "' not found");
        }
        objects.put(object.id(), object);
        if (parent != null) {
            parent.addChild(object);
            for (String other : new ArrayList<>(referrers.getOrDefault(parent.id(), Set.of()))) {
                ref(other, object);
            }
        }
        ref(sessionId, object);
        serverManager.objectCreated(object);
    }

    @Override
    public synchronized MediaObject lookup(String sessionId, String objectId) {
        if (objectId.startsWith(NEWREF_PREFIX)) {
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_NOT_FOUND_TRANSACTION_NO_COMMIT,
                    "Object '" + objectId + "' not found: newref is only valid inside a transaction");
        }
        if (objectId.equals(serverManager.id())) {
            // The session joins the table like in KMS, but never owns the ServerManager.
            if (sessionId != null) {
                sessions.computeIfAbsent(sessionId, id -> new SessionRefs()).inUse = true;
            }
            return serverManager;
        }
        MediaObject object = objects.get(objectId);
        if (object == null) {
            throw new KurentoException(ErrorCode.MEDIA_OBJECT_NOT_FOUND, "Object '" + objectId + "' not found");
        }
        if (sessionId != null) {
            ref(sessionId, object);
        }
        return object;
    }

    private void ref(String sessionId, MediaObject object) {
        for (MediaObject o = object; o != null; o = o.parent()) {
            SessionRefs session = sessions.computeIfAbsent(sessionId, id -> new SessionRefs());
            session.inUse = true;
            session.objectIds.add(o.id());
            referrers.computeIfAbsent(o.id(), id -> new HashSet<>()).add(sessionId);
        }
    }

    /** Marks a session in use; false if it is not in the table (KMS keepAliveSession(create=false)). */
    public synchronized boolean keepAlive(String sessionId) {
        SessionRefs session = sessionId == null ? null : sessions.get(sessionId);
        if (session == null) {
            return false;
        }
        session.inUse = true;
        return true;
    }

    /** Releases an object and its descendants; unknown or already released ids are ignored. */
    public synchronized void release(String objectId) {
        MediaObject object = objects.get(objectId);
        if (object != null) {
            releaseTree(object);
        }
    }

    private void releaseTree(MediaObject object) {
        if (!object.markReleased()) {
            return;
        }
        for (MediaObject child : object.children()) {
            releaseTree(child);
        }
        try {
            object.onRelease();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "releasing " + object.id() + " failed; its media may leak", e);
        }
        objects.remove(object.id());
        if (object.parent() != null) {
            object.parent().removeChild(object);
        }
        Set<String> sessionIds = referrers.remove(object.id());
        if (sessionIds != null) {
            for (String sessionId : sessionIds) {
                SessionRefs session = sessions.get(sessionId);
                if (session != null) {
                    session.objectIds.remove(object.id());
                }
            }
        }
        listener.objectReleased(object.id());
        serverManager.objectDestroyed(object);
    }

    /**
     * The session stops referring to an object and its descendants (KMS {@code unref}); the object
     * is released if no session refers to it any more. Unknown ids are ignored.
     */
    public synchronized void unref(String sessionId, String objectId) {
        MediaObject object = objects.get(objectId);
        SessionRefs session = sessions.get(sessionId);
        if (object == null || session == null) {
            return;
        }
        dropRefs(sessionId, session, object);
        Set<String> refs = referrers.get(objectId);
        if (refs == null || refs.isEmpty()) {
            releaseTree(object);
        }
    }

    private void dropRefs(String sessionId, SessionRefs session, MediaObject object) {
        session.objectIds.remove(object.id());
        Set<String> refs = referrers.get(object.id());
        if (refs != null) {
            refs.remove(sessionId);
        }
        for (MediaObject child : object.children()) {
            dropRefs(sessionId, session, child);
        }
    }

    /** Drops a session: its subscriptions go, and every object no other session refers to is released. */
    public synchronized void unrefSession(String sessionId) {
        SessionRefs session = sessions.remove(sessionId);
        listener.sessionDropped(sessionId);
        if (session == null) {
            return;
        }
        List<MediaObject> orphans = new ArrayList<>();
        for (String objectId : session.objectIds) {
            Set<String> refs = referrers.get(objectId);
            if (refs != null) {
                refs.remove(sessionId);
                if (refs.isEmpty() && objects.containsKey(objectId)) {
                    orphans.add(objects.get(objectId));
                }
            }
        }
        for (MediaObject orphan : orphans) {
            releaseTree(orphan);
        }
    }

    /**
     * One pass of KMS's session garbage collector: a session used since the last pass survives
     * with its flag cleared; any other is dropped. An open connection keeps its session marked
     * (KMS's WebSocket re-marks it every quarter period), so a session is collected between one
     * and two periods after its client went away.
     */
    public void collectGarbage(Predicate<String> hasOpenConnection) {
        List<String> idle = new ArrayList<>();
        synchronized (this) {
            for (Map.Entry<String, SessionRefs> e : sessions.entrySet()) {
                if (hasOpenConnection.test(e.getKey())) {
                    e.getValue().inUse = true;
                } else if (e.getValue().inUse) {
                    e.getValue().inUse = false;
                } else {
                    idle.add(e.getKey());
                }
            }
        }
        for (String sessionId : idle) {
            LOG.log(Level.INFO, () -> "session " + sessionId + " idle for a whole garbage collector period: releasing its objects");
            unrefSession(sessionId);
        }
    }

    /** Releases everything (server shutdown). */
    public synchronized void releaseAll() {
        for (MediaObject o : new ArrayList<>(objects.values())) {
            if (o.parent() == null) {
                releaseTree(o);
            }
        }
        sessions.clear();
        referrers.clear();
    }

    public synchronized List<MediaPipeline> pipelines() {
        List<MediaPipeline> result = new ArrayList<>();
        for (MediaObject o : objects.values()) {
            if (o instanceof MediaPipeline p) {
                result.add(p);
            }
        }
        return result;
    }

    public synchronized List<String> sessionIds() {
        return List.copyOf(sessions.keySet());
    }

    public synchronized int objectCount() {
        return objects.size();
    }
}
