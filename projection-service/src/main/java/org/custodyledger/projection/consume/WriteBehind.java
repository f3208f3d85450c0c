package org.custodyledger.projection.consume;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes one unit while the reading thread polls and decodes the next: catching up, decoding is a
 * fifth of the work and PostgreSQL the rest, so on two cores the decoding comes nearly free. At
 * most one unit is in flight, and units are written in the order they were read.
 */
public final class WriteBehind implements AutoCloseable {
    public interface Write {
        void run() throws Exception;
    }

    private final ExecutorService writer;
    private Future<?> pending = CompletableFuture.completedFuture(null);

    public WriteBehind(String threadName) {
        writer = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Waits for the previous write (rethrowing its failure), then starts this one. */
    public void submit(Write write) throws Exception {
        await();
        pending = writer.submit(() -> {
            write.run();
            return null;
        });
    }

    /** Waits for the write in flight; its failure is thrown here, in the reading thread. */
    public void await() throws Exception {
        try {
            pending.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : new IllegalStateException(e.getCause());
        }
    }

    /** Lets the write in flight finish (so stored positions are final), then stops the thread. */
    @Override
    public void close() {
        try {
            pending.get();
        } catch (Exception ignored) {
            // already reported by await(), or the reader is stopping anyway
        } finally {
            writer.shutdown();
        }
    }
}
