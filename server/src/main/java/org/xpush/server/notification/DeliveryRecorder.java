package org.xpush.server.notification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
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
 * {@value #CURSOR_MAX_DELAY_MILLIS} ms, then written {@value #CURSOR_CHUNK} per transaction, with the events
 * queued meanwhile applied between the chunks. A device that logs in meanwhile reads
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
    /** Cursors written per transaction. */
    static final int CURSOR_CHUNK = 1000;

    record Outcome(String username, long seq, State state) {}

    private sealed interface Event {}

    private record Direct(Outcome outcome) implements Event {}

    private record Fanout(long seq, boolean acked, boolean failed) implements Event {}

    private record Acknowledging(String username) implements Event {}

    private final NotificationStore store;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    /** Cursors not yet written, highest per device. */
    private final ConcurrentHashMap<String, Long> cursors = new ConcurrentHashMap<>();
    /** The due cursors not yet written in the current round (flusher thread only). */
    private Map<String, Long> writing = Map.of();
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
     * flusher thread, and once more at close. Due cursors are written {@value #CURSOR_CHUNK} at a time with the
     * queued events applied between chunks: after a broadcast to 19,000 devices, one transaction for all their
     * cursors would hold up the counts of the acknowledgements still arriving.
     */
    private synchronized void flush(boolean allCursors) {
        boolean more = true;
        while (more) {
            boolean applied = applyQueued();
            boolean wrote = writeCursorChunk(allCursors);
            more = applied || wrote;
        }
    }

    /** Applies up to {@value #MAX_BATCH} queued events in one transaction; false when none was queued. */
    private boolean applyQueued() {
        if (queue.isEmpty()) return false;
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
        return true;
    }

    /**
     * Writes the next chunk of the cursors being written, starting a new round when the held cursors are due;
     * false when nothing was written.
     */
    private boolean writeCursorChunk(boolean allCursors) {
        if (writing.isEmpty()) {
            if (cursors.isEmpty() || !(allCursors || cursorsDue())) return false;
            writing = new HashMap<>(cursors);
        }
        Map<String, Long> chunk = new HashMap<>();
        for (Iterator<Map.Entry<String, Long>> it = writing.entrySet().iterator(); it.hasNext() && chunk.size() < CURSOR_CHUNK; ) {
            Map.Entry<String, Long> c = it.next();
            chunk.put(c.getKey(), c.getValue());
            it.remove();
        }
        store.apply(List.of(), Map.of(), chunk, List.of());
        chunk.forEach(cursors::remove); // removes only entries that did not move meanwhile
        if (writing.isEmpty()) {
            // those that moved meanwhile wait at most the delay again, counted from now
            oldestCursorNanos = cursors.isEmpty() ? 0 : System.nanoTime();
        }
        return true;
    }

    private boolean cursorsDue() {
        long now = System.nanoTime();
        long oldest = oldestCursorNanos;
        if (oldest == 0) { // a cursor() raced with the reset in writeCursorChunk: count its wait from now
            oldestCursorNanos = oldest = now;
        }
        boolean quiet = now - lastCursorNanos >= TimeUnit.MILLISECONDS.toNanos(CURSOR_QUIET_MILLIS);
        boolean overdue = now - oldest >= TimeUnit.MILLISECONDS.toNanos(CURSOR_MAX_DELAY_MILLIS);
        return quiet || overdue;
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
