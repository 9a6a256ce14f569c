package org.xpush.server.notification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.notification.NotificationStore.State;

/**
 * Writes delivery outcomes (sent, acknowledged, delivered, failed, expired; fan-out counters and cursors) in
 * batches: events queue up from any thread and one background thread applies them every
 * {@value #FLUSH_MILLIS} ms in a single transaction (DESIGN §4: never a transaction per stanza on the hot path).
 *
 * <p>Fan-out cursors are the exception: a broadcast moves one per online device, and writing 19,000 of them
 * while the broadcast is still being sent would take the CPU the sending needs. They are kept in memory until
 * no cursor has moved for {@value #CURSOR_QUIET_MILLIS} ms (the broadcast is over) or the oldest has waited
 * {@value #CURSOR_MAX_DELAY_MILLIS} ms, then written in one transaction. A device that logs in meanwhile reads
 * its cursor through {@link #pendingCursor}, so it is not sent what it already finished.
 *
 * <p>An outcome or cursor lost in a crash before it is written only means a redelivery (at-least-once).
 */
final class DeliveryRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);
    static final long FLUSH_MILLIS = 20;
    private static final int MAX_BATCH = 5000;
    static final long CURSOR_QUIET_MILLIS = 200;
    static final long CURSOR_MAX_DELAY_MILLIS = 2000;

    record Outcome(String username, long seq, State state) {}

    private sealed interface Event {}

    private record Direct(Outcome outcome) implements Event {}

    private record Fanout(long seq, boolean acked, boolean failed) implements Event {}

    private record Acknowledging(String username) implements Event {}

    private final NotificationStore store;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    /** Cursors not yet written, highest per device. */
    private final ConcurrentHashMap<String, Long> cursors = new ConcurrentHashMap<>();
    /** {@link System#nanoTime} of the last cursor move, and of the oldest one not yet written (0: none). */
    private volatile long lastCursorNanos;
    private volatile long oldestCursorNanos;
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xpush-delivery-recorder");
        t.setDaemon(true);
        return t;
    });

    DeliveryRecorder(NotificationStore store) {
        this.store = store;
        flusher.scheduleWithFixedDelay(() -> flushSafely(false), FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** A direct (user/alias) delivery changed state. Any thread. */
    void direct(String username, long seq, State state) {
        queue.add(new Direct(new Outcome(username, seq, state)));
    }

    /** A device received a broadcast/tag notification (and acknowledged it, or answered with an error). Any thread. */
    void fanout(long seq, boolean acked, boolean failed) {
        queue.add(new Fanout(seq, acked, failed));
    }

    /** A device finished every broadcast/tag notification up to {@code seq}. Any thread. */
    void cursor(String username, long seq) {
        long now = System.nanoTime();
        if (oldestCursorNanos == 0) oldestCursorNanos = now;
        lastCursorNanos = now;
        cursors.merge(username, seq, Math::max);
    }

    /** The device's cursor not yet written, or 0: the device has finished every broadcast up to it. Any thread. */
    long pendingCursor(String username) {
        return cursors.getOrDefault(username, 0L);
    }

    /** The device acknowledges notifications from now on. Any thread. */
    void acknowledging(String username) {
        queue.add(new Acknowledging(username));
    }

    private void flushSafely(boolean allCursors) {
        try {
            flush(allCursors);
        } catch (RuntimeException e) {
            log.error("writing delivery outcomes failed; they will be retried by redelivery", e);
        }
    }

    /**
     * Applies everything queued so far, and the cursors when they are due (or all of them, at close). Runs on the
     * flusher thread, and once more at close.
     */
    private synchronized void flush(boolean allCursors) {
        while (!queue.isEmpty()) {
            // per (user, seq) the state that applying the events one by one would leave: the first final state,
            // else the last one (the UPDATE never moves a final state back); a send and its acknowledgement
            // within one flush then cost one row update instead of two
            Map<Outcome, State> outcomes = new LinkedHashMap<>();
            Map<Long, int[]> fanout = new HashMap<>();
            Set<String> acknowledging = new LinkedHashSet<>();
            Event e;
            int n = 0;
            while (n++ < MAX_BATCH && (e = queue.poll()) != null) {
                switch (e) {
                    case Direct d -> outcomes.merge(new Outcome(d.outcome().username(), d.outcome().seq(), null),
                            d.outcome().state(), (was, now) -> isFinal(was) ? was : now);
                    case Fanout f -> {
                        int[] v = fanout.computeIfAbsent(f.seq(), k -> new int[3]);
                        v[0]++;
                        if (f.acked()) v[1]++;
                        if (f.failed()) v[2]++;
                    }
                    case Acknowledging a -> acknowledging.add(a.username());
                }
            }
            List<Outcome> rows = new ArrayList<>(outcomes.size());
            outcomes.forEach((k, state) -> rows.add(new Outcome(k.username(), k.seq(), state)));
            store.apply(rows, fanout, Map.of(), acknowledging);
            writeCursorsIfDue(allCursors); // also between batches: a queue that never empties must not hold them
        }
        writeCursorsIfDue(allCursors);
    }

    private void writeCursorsIfDue(boolean allCursors) {
        if (cursors.isEmpty()) return;
        long now = System.nanoTime();
        long oldest = oldestCursorNanos;
        if (oldest == 0) { // a cursor() raced with the reset below: count its wait from now
            oldestCursorNanos = oldest = now;
        }
        boolean quiet = now - lastCursorNanos >= TimeUnit.MILLISECONDS.toNanos(CURSOR_QUIET_MILLIS);
        boolean overdue = now - oldest >= TimeUnit.MILLISECONDS.toNanos(CURSOR_MAX_DELAY_MILLIS);
        if (!allCursors && !quiet && !overdue) return;
        Map<String, Long> due = new HashMap<>(cursors);
        store.apply(List.of(), Map.of(), due, List.of());
        due.forEach(cursors::remove); // removes only entries that did not move meanwhile
        // those that moved meanwhile wait at most the delay again, counted from now
        oldestCursorNanos = cursors.isEmpty() ? 0 : now;
    }

    private static boolean isFinal(State s) {
        return s != State.PENDING && s != State.SENT;
    }

    /** Stops the background thread after writing what is queued. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushSafely(true);
    }
}
