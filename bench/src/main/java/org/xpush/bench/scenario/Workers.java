package org.xpush.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that run a scenario's blocking client loops (the HTTP client answers on its own event loop, so a
 * loop waiting for an answer never holds a thread the answer needs). Daemon threads; {@link #close()} stops them.
 */
final class Workers implements AutoCloseable {

    private final ExecutorService loops;

    Workers(int loopThreads) {
        this.loops = Executors.newFixedThreadPool(Math.max(1, loopThreads), daemon("bench-client"));
    }

    /** Runs every task on the loop threads and waits for all, at most {@code timeoutMillis}. */
    void runAll(List<Runnable> tasks, long timeoutMillis) throws InterruptedException {
        List<Future<?>> futures = new ArrayList<>();
        for (Runnable r : tasks) futures.add(loops.submit(r));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        for (Future<?> f : futures) {
            try {
                f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("a client loop failed", e.getCause());
            } catch (TimeoutException e) {
                f.cancel(true);
                throw new IllegalStateException("client loops did not end within " + timeoutMillis + " ms");
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        loops.shutdownNow();
    }
}
