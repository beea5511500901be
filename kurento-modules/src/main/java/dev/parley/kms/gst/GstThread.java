package dev.parley.kms.gst;

import dev.parley.kms.media.ErrorCode;
import dev.parley.kms.media.MediaException;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that builds, changes and tears down GStreamer graphs. Callers block until their
 * task is done, so element code reads top to bottom, while GStreamer's own streaming threads
 * (which call back into Java) never wait on this thread and never wait on each other through it.
 */
final class GstThread implements AutoCloseable {
    private final ExecutorService executor;
    private volatile Thread thread;

    GstThread(String name) {
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            thread = t;
            return t;
        });
    }

    /** Runs {@code task} on the GStreamer thread and returns its result; rethrows its failure. */
    <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            return runHere(task);
        }
        Future<T> future = executor.submit(task);
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new MediaException(ErrorCode.UNEXPECTED_ERROR, "interrupted while waiting for GStreamer", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new MediaException(ErrorCode.UNEXPECTED_ERROR, String.valueOf(cause.getMessage()), cause);
        }
    }

    void run(Runnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    private static <T> T runHere(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new MediaException(ErrorCode.UNEXPECTED_ERROR, String.valueOf(e.getMessage()), e);
        }
    }

    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
