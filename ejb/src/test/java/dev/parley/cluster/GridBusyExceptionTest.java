package dev.parley.cluster;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How both grids take a lock: asked to wait {@link Grid#LOCK_WAIT} at most, refused otherwise. */
class GridBusyExceptionTest {

    @Test
    void aLockNotHadWithinTheWaitIsRefusedNamingItAndTheWaitAsked() {
        long[] asked = new long[1];
        GridBusyException busy = assertThrows(GridBusyException.class, () -> GridBusyException.acquire("parley-session-slots/service",
                (time, unit) -> {
                    asked[0] = unit.toMillis(time);
                    return false;
                }));
        assertEquals(Grid.LOCK_WAIT.toMillis(), asked[0]);
        assertTrue(busy.getMessage().contains("parley-session-slots/service") && busy.getMessage().contains("5000 ms"), busy.getMessage());
        assertDoesNotThrow(() -> GridBusyException.acquire("free", (time, unit) -> true));
    }

    @Test
    void anInterruptedWaitIsRefusedAndTheThreadStaysInterrupted() {
        try {
            assertThrows(GridBusyException.class, () -> GridBusyException.acquire("x", (time, unit) -> {
                throw new InterruptedException();
            }));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    @SuppressWarnings("try") // the lock is held for the block, never used in it
    void theLocalGridRefusesALockAnotherThreadHolds() throws Exception {
        LocalGrid grid = new LocalGrid();
        try (HeldLock elsewhere = new HeldLock(grid, "k")) {
            Thread.currentThread().interrupt(); // an interrupted waiter gives up at once instead of waiting 5 s
            try {
                assertThrows(GridBusyException.class, () -> grid.locked("k", () -> "taken"));
            } finally {
                Thread.interrupted();
            }
            assertEquals("other", grid.locked("other", () -> "other"), "another lock is free");
        }
        assertEquals("taken", grid.locked("k", () -> "taken"), "free once its holder let go");
    }
}
