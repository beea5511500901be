package dev.parley.kms.core;

import dev.parley.kms.protocol.KurentoException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reference rules of KMS's MediaSet: who keeps an object alive, and when it goes. */
class MediaSetTest {
    private final List<String> released = new ArrayList<>();
    private final List<String> droppedSessions = new ArrayList<>();
    private final ServerManager manager = new ServerManager((source, type, fields) -> { }, List::of, List::of, Map.of());
    private final MediaSet set = new MediaSet(manager, new MediaSet.Listener() {
        @Override
        public void sessionDropped(String sessionId) {
            droppedSessions.add(sessionId);
        }

        @Override
        public void objectReleased(String objectId) {
            released.add(objectId);
        }
    });

    /** A remote object with no media: only the registry's rules are under test. */
    private static final class Plain extends MediaObject {
        Plain(MediaObject parent) {
            super(newId("Plain", parent), parent, (source, type, fields) -> { });
        }

        @Override
        public String typeName() {
            return "Plain";
        }

        @Override
        public List<String> hierarchy() {
            return List.of("kurento.MediaObject");
        }
    }

    private Plain create(MediaObject parent, String session) {
        Plain object = new Plain(parent);
        set.register(object, session);
        return object;
    }

    @Test
    void anObjectSharedByTwoSessionsGoesOnlyWithTheLastOne() {
        Plain root = create(null, "a");
        set.lookup("b", root.id());

        set.unrefSession("a");
        assertTrue(released.isEmpty());
        assertEquals(root, set.lookup("b", root.id()));

        set.unrefSession("b");
        assertEquals(List.of(root.id()), released);
        assertThrows(KurentoException.class, () -> set.lookup("c", root.id()));
    }

    @Test
    void usingAChildKeepsItsParentAliveForThatSession() {
        Plain root = create(null, "a");
        Plain child = create(root, "a");
        set.lookup("b", child.id());

        set.unrefSession("a");

        assertTrue(released.isEmpty(), "b refers to the child, hence to its pipeline");
        set.unrefSession("b");
        assertEquals(List.of(child.id(), root.id()), released, "children first");
    }

    @Test
    void aNewChildIsReferredToByEverySessionOfItsParent() {
        Plain root = create(null, "a");
        set.lookup("b", root.id());
        Plain child = create(root, "b");

        set.unrefSession("b");

        assertFalse(child.isReleased(), "a still holds the parent and was given the child");
        assertTrue(set.sessionIds().contains("a"));
    }

    @Test
    void unrefDropsOneSessionsReferenceAndReleasesWhatNobodyHolds() {
        Plain root = create(null, "a");
        Plain child = create(root, "a");
        set.lookup("b", child.id());

        set.unref("a", root.id());
        assertTrue(released.isEmpty(), "b still refers to the child and its pipeline");
        set.unref("b", root.id());

        assertEquals(List.of(child.id(), root.id()), released);
    }

    @Test
    void releasingAParentReleasesItsChildrenAndIsIdempotent() {
        Plain root = create(null, "a");
        Plain child = create(root, "a");

        set.release(root.id());
        set.release(root.id());
        set.release("never-existed");

        assertEquals(List.of(child.id(), root.id()), released);
        assertEquals(0, set.objectCount());
        assertTrue(root.children().isEmpty());
    }

    @Test
    void garbageCollectionDropsASessionOnlyAfterAWholeIdlePeriod() {
        Plain root = create(null, "idle");

        set.collectGarbage(session -> false);
        assertTrue(released.isEmpty(), "used during the first period");
        set.collectGarbage(session -> false);

        assertEquals(List.of(root.id()), released);
        assertEquals(List.of("idle"), droppedSessions);
    }

    @Test
    void anOpenConnectionOrAnyUseKeepsASessionAlive() {
        Plain connected = create(null, "connected");
        Plain busy = create(null, "busy");

        for (int pass = 0; pass < 3; pass++) {
            set.lookup("busy", busy.id());
            set.collectGarbage("connected"::equals);
        }

        assertFalse(connected.isReleased());
        assertFalse(busy.isReleased());
        assertTrue(set.keepAlive("busy"));
        assertFalse(set.keepAlive("unknown"), "a session that never used an object is not in the table");
    }

    @Test
    void aSessionWhoseClientLeftSurvivesOneMorePassLikeKms() {
        Plain root = create(null, "leaving");
        set.collectGarbage(session -> true);
        set.collectGarbage(session -> true);

        set.collectGarbage(session -> false);
        assertFalse(root.isReleased(), "the connection marked it until it closed");
        set.collectGarbage(session -> false);

        assertTrue(root.isReleased());
    }

    @Test
    void newrefOutsideATransactionIsItsOwnError() {
        KurentoException e = assertThrows(KurentoException.class, () -> set.lookup("a", "newref:0"));
        assertEquals(40109, e.code());
    }

    @Test
    void aChildBuiltWhileItsParentWasReleasedIsFreedNotOrphaned() {
        Plain root = create(null, "a");
        Plain late = new Plain(root);
        set.release(root.id());

        KurentoException e = assertThrows(KurentoException.class, () -> set.register(late, "a"));

        assertEquals(40101, e.code());
        assertTrue(late.isReleased());
        assertEquals(0, set.objectCount());
    }
}
