package org.xpush.server.work;

import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs blocking work (JDBC, password hashing) off the Netty event loops, on virtual threads, at most
 * {@code limit} at a time, and hands the result back to the caller's event loop (STYLE §7).
 *
 * <p>The bound matters: PBKDF2 with 4096 iterations is CPU work, and a reconnect storm of old clients must
 * queue rather than starve the event loops.
 */
public final class BlockingWork implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BlockingWork.class);

    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("xpush-work-", 0).factory());
    private final Semaphore permits;

    public BlockingWork(int limit) {
        this.permits = new Semaphore(limit, true);
    }

    /**
     * Runs {@code task} on a virtual thread; then runs {@code onLoop} on {@code loop} with the result or the failure
     * (exactly one of the two is non-null, unless the task returned null).
     */
    public <T> void submit(Callable<T> task, EventExecutor loop, BiConsumer<T, Throwable> onLoop) {
        executor.execute(() -> {
            T result = null;
            Throwable failure = null;
            try {
                permits.acquire();
                try {
                    result = task.call();
                } finally {
                    permits.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = e;
            } catch (Throwable t) { // handed to the caller, who logs it once
                failure = t;
            }
            T r = result;
            Throwable f = failure;
            try {
                loop.execute(() -> onLoop.accept(r, f));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the event loop stopped (shutdown): its connection is gone, nobody waits for this result
                log.debug("result of blocking work dropped: event loop stopped");
            }
        });
    }

    /** Runs {@code task} on a virtual thread when no event loop waits for it (fire and forget; failures logged). */
    public void run(String what, Runnable task) {
        executor.execute(() -> {
            try {
                permits.acquire();
                try {
                    task.run();
                } finally {
                    permits.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                log.error("{} failed", what, e);
            }
        });
    }

    /** Waits up to 10 s for running work to finish. Called at shutdown, after the listeners stopped. */
    @Override
    public void close() {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("blocking work still running after 10 s at shutdown");
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
