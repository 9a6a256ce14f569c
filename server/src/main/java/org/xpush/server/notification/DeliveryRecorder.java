package org.xpush.server.notification;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>An outcome lost in a crash before its batch is written only means a redelivery (at-least-once).
 */
final class DeliveryRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);
    static final long FLUSH_MILLIS = 20;
    private static final int MAX_BATCH = 5000;

    record Outcome(String username, long seq, State state) {}

    private sealed interface Event {}

    private record Direct(Outcome outcome) implements Event {}

    private record Fanout(long seq, boolean acked, boolean failed) implements Event {}

    private record Cursor(String username, long seq) implements Event {}

    private record Acknowledging(String username) implements Event {}

    private final NotificationStore store;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xpush-delivery-recorder");
        t.setDaemon(true);
        return t;
    });

    DeliveryRecorder(NotificationStore store) {
        this.store = store;
        flusher.scheduleWithFixedDelay(this::flushSafely, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
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
        queue.add(new Cursor(username, seq));
    }

    /** The device acknowledges notifications from now on. Any thread. */
    void acknowledging(String username) {
        queue.add(new Acknowledging(username));
    }

    private void flushSafely() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.error("writing delivery outcomes failed; they will be retried by redelivery", e);
        }
    }

    /** Applies everything queued so far. Runs on the flusher thread (and once more at close). */
    synchronized void flush() {
        while (!queue.isEmpty()) {
            // per (user, seq) the state that applying the events one by one would leave: the first final state,
            // else the last one (the UPDATE never moves a final state back); a send and its acknowledgement
            // within one flush then cost one row update instead of two
            Map<Outcome, State> outcomes = new LinkedHashMap<>();
            Map<Long, int[]> fanout = new HashMap<>();
            Map<String, Long> cursors = new HashMap<>();
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
                    case Cursor c -> cursors.merge(c.username(), c.seq(), Math::max);
                    case Acknowledging a -> acknowledging.add(a.username());
                }
            }
            List<Outcome> rows = new ArrayList<>(outcomes.size());
            outcomes.forEach((k, state) -> rows.add(new Outcome(k.username(), k.seq(), state)));
            store.apply(rows, fanout, cursors, acknowledging);
        }
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
        flushSafely();
    }
}
