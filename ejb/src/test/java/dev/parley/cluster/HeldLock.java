package dev.parley.cluster;

import java.util.concurrent.CountDownLatch;

/** A grid lock held by a thread of its own until closed: another member, or a stuck caller, holding it. */
final class HeldLock implements AutoCloseable {

    private final CountDownLatch letGo = new CountDownLatch(1);
    private final Thread holder;

    HeldLock(Grid grid, String name) throws InterruptedException {
        CountDownLatch held = new CountDownLatch(1);
        holder = new Thread(() -> grid.locked(name, () -> {
            held.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }), "held lock " + name);
        holder.start();
        held.await();
    }

    @Override
    public void close() {
        letGo.countDown();
        try {
            holder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
