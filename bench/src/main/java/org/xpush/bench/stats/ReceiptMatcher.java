package org.xpush.bench.stats;

import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.LongHashSet;
import org.agrona.collections.Object2LongHashMap;

/**
 * Pairs each accepted notification with its receipt on a device, whichever of the two the generator learns of
 * first: the device often reads the notification before the POST's answer, with its id, is back. Each pair
 * gives one latency sample in the tally of the load phase that sent it.
 *
 * <p>Nothing per notification outlives its pair: a waiting side sits in a primitive-valued map only until the
 * other side arrives, and duplicates are found through a 64-bit hash of the id in a primitive set. A generator
 * that kept every id and time as objects until the end of the run had them copied by every young collection,
 * and its own pauses then showed up in the latencies it measured. Thread-safe: one lock, held briefly.
 */
public final class ReceiptMatcher {

    private static final long NONE = Long.MIN_VALUE;

    /** What one load phase sent, and what of it arrived so far. */
    public static final class Tally {
        private final Samples latency = new Samples();
        private final Object2LongHashMap<String> awaiting = new Object2LongHashMap<>(NONE);
        private long accepted;
        private long received;

        /** Latencies from the start of each notification's request to its receipt. */
        public Samples latency() {
            return latency;
        }
    }

    private final List<Tally> tallies = new ArrayList<>();
    /** Receipts whose notification's id no request has reported yet: id → receive time. */
    private final Object2LongHashMap<String> early = new Object2LongHashMap<>(NONE);
    private final LongHashSet seen = new LongHashSet();
    private long duplicates;

    /** A new phase; its notifications are counted apart from the earlier phases'. */
    public synchronized Tally phase() {
        Tally t = new Tally();
        tallies.add(t);
        return t;
    }

    /** The request that started at {@code startNanos} was accepted with these notification ids. */
    public synchronized void accepted(Tally t, List<String> ids, long startNanos) {
        for (String id : ids) {
            t.accepted++;
            long at = early.removeKey(id);
            if (at == NONE) {
                t.awaiting.put(id, startNanos);
            } else {
                t.received++;
                t.latency.add(at - startNanos);
            }
        }
    }

    /** A device read notification {@code id} at {@code nanos}. */
    public synchronized void received(String id, long nanos) {
        if (!seen.add(hash64(id))) {
            duplicates++;
            return;
        }
        for (int i = tallies.size() - 1; i >= 0; i--) {
            Tally t = tallies.get(i);
            long start = t.awaiting.removeKey(id);
            if (start != NONE) {
                t.received++;
                t.latency.add(nanos - start);
                return;
            }
        }
        early.put(id, nanos);
    }

    public synchronized long accepted(Tally t) {
        return t.accepted;
    }

    public synchronized long received(Tally t) {
        return t.received;
    }

    /** The phase's latency samples so far (tests). */
    long[] latency(Tally t) {
        return t.latency.toArray();
    }

    /** Receipts of a notification already received, over the whole run. */
    public synchronized long duplicates() {
        return duplicates;
    }

    /** FNV-1a over the id's chars: 64 bits, so two of a run's ids colliding is vanishingly unlikely. */
    static long hash64(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        return h;
    }
}
