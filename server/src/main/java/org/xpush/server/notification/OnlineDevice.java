package org.xpush.server.notification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import org.xpush.server.device.Device;
import org.xpush.server.session.ClientSession;
import org.xpush.server.session.PreparedIq;

/**
 * The delivery state of one device while it is online: its available sessions, what waits to be sent (in seq
 * order), and what was sent and awaits acknowledgement. All methods are synchronized; none blocks.
 *
 * <p>Order: notifications leave in ascending seq. While the device's backlog loads from the database, live
 * notifications wait in the same queue, so a backlog is never overtaken by a newer notification.
 */
final class OnlineDevice {

    private static final long[] NO_SEQS = new long[0];

    /** Sent and unacknowledged notifications per device before sending pauses. */
    static final int MAX_IN_FLIGHT = 256;

    /** A notification waiting to be sent, with its payload (shared by all devices of a broadcast). */
    record Queued(Notification notification, PreparedIq.SharedChild payload, boolean live) {}

    final String username;
    private Device device;
    private final List<ClientSession> sessions = new ArrayList<>(1);
    private final TreeMap<Long, Queued> queue = new TreeMap<>();
    private final LinkedHashMap<String, Queued> inFlight = new LinkedHashMap<>();
    /**
     * Seqs of the broadcasts sent and not yet answered, ascending, in {@code fanoutInFlight[0, fanoutInFlightCount)}:
     * a plain array rather than a {@code TreeSet<Long>}, so that a device with nothing in flight (most of the time)
     * holds no set at all, and one with some holds one object instead of a map, its entries and boxed seqs.
     */
    private long[] fanoutInFlight = NO_SEQS;
    private int fanoutInFlightCount;
    /**
     * Recently finished seqs that could be queued again (see {@link #done}): read from the backlog, so their live
     * route may still come; or finished while a backlog page is still to be read, which may return them before
     * the recorder has written their outcome.
     */
    private final LinkedHashSet<Long> recentlyDone = new LinkedHashSet<>();
    private long maxFanoutDone;
    private boolean loading = true;
    /** Highest seq read from the backlog so far: the next page starts after it. */
    private long loadedUpTo;
    private Device changedWhileLoading;
    private boolean moreToLoad;
    private boolean pumping;
    private boolean pumpAgain;

    OnlineDevice(String username) {
        this.username = username;
    }

    synchronized Device device() {
        return device;
    }

    synchronized void addSession(ClientSession s) {
        if (!sessions.contains(s)) sessions.add(s);
    }

    /** Removes a session; true when the device has none left. */
    synchronized boolean removeSession(ClientSession s) {
        sessions.remove(s);
        return sessions.isEmpty();
    }

    /**
     * Whether a tag notification is for this device. While the device is still loading its tags are not known:
     * the notification is queued anyway and {@link #loaded} drops it if the tag turns out not to be there.
     */
    synchronized boolean hasTag(String tag) {
        if (loading && device == null) return true;
        return device != null && device.tags().contains(tag);
    }

    /** Queues a notification unless it is already queued, in flight or done. */
    synchronized void enqueue(Queued q) {
        long seq = q.notification().seq();
        if (queue.containsKey(seq) || inFlight.containsKey(q.notification().id()) || recentlyDone.contains(seq)) return;
        String key = q.notification().collapseKey();
        if (key != null) {
            // a newer notification with the same collapse key replaces an older one that was not sent yet
            for (Iterator<Queued> it = queue.values().iterator(); it.hasNext(); ) {
                Notification old = it.next().notification();
                if (key.equals(old.collapseKey()) && old.seq() < seq && sameTarget(old, q.notification())) it.remove();
            }
        }
        queue.put(seq, q);
    }

    private static boolean sameTarget(Notification a, Notification b) {
        return a.target().kind().equals(b.target().kind()) && Objects.equals(a.target().value(), b.target().value());
    }

    /**
     * The backlog is in: sending may start. A change of the device's settings that arrived while the backlog
     * was read wins over what the read saw.
     */
    synchronized void loaded(Device d, boolean more) {
        if (changedWhileLoading != null) d = changedWhileLoading;
        changedWhileLoading = null;
        this.device = d;
        this.loading = false;
        this.moreToLoad = more;
        if (d == null) {
            queue.clear();
            return;
        }
        Device known = d;
        queue.values().removeIf(q -> q.notification().target() instanceof Target.Tag t && !known.tags().contains(t.tag()));
    }

    /** New settings of the device (alias, tags, acknowledges); kept for {@link #loaded} while loading. */
    synchronized void changed(Device d) {
        if (loading) {
            changedWhileLoading = d;
        } else {
            device = d;
        }
    }

    /** Where the next backlog page starts. */
    synchronized long loadedUpTo() {
        return loadedUpTo;
    }

    /** Records the last seq of a backlog page just read. */
    synchronized void pageRead(long lastSeq) {
        loadedUpTo = Math.max(loadedUpTo, lastSeq);
    }

    /**
     * Claims the right to take and send this device's notifications. False when another thread holds it: that
     * thread will look again before it lets go (see {@link #finishPump}), so the caller's work is not lost.
     */
    synchronized boolean startPump() {
        if (pumping) {
            pumpAgain = true;
            return false;
        }
        pumping = true;
        return true;
    }

    /** Lets go of the pump; false (still holding it) when another caller asked meanwhile, so take again. */
    synchronized boolean finishPump() {
        if (pumpAgain) {
            pumpAgain = false;
            return false;
        }
        pumping = false;
        return true;
    }

    /** Marks that the next backlog page is being read. */
    synchronized boolean startReloadIfDrained() {
        if (loading || !moreToLoad || !queue.isEmpty() || !inFlight.isEmpty()) return false;
        loading = true;
        return true;
    }

    /**
     * Takes the next notification to send, or null when nothing may be sent now (loading, queue empty, or too
     * many in flight). Expired ones (not live) are returned with {@code expired} set so the caller records them.
     */
    synchronized Next next(Instant now) {
        if (loading || queue.isEmpty() || sessions.isEmpty() || inFlight.size() >= MAX_IN_FLIGHT) return null;
        Queued q = queue.pollFirstEntry().getValue();
        Notification n = q.notification();
        if (!q.live() && n.expiredAt(now)) return new Next(q, List.of(), false, true);
        boolean acks = device != null && device.acknowledges();
        if (acks) {
            inFlight.put(n.id(), q);
            if (n.target().fanOut()) fanoutSent(n.seq());
        }
        return new Next(q, List.copyOf(sessions), acks, false);
    }

    /** What {@link #next} decided. */
    record Next(Queued queued, List<ClientSession> sessions, boolean awaitAck, boolean expired) {}

    /**
     * The device answered notification {@code id}. Returns the notification, or null if it was not in flight
     * here (a duplicate answer, or an IQ that is not ours).
     */
    synchronized Notification answered(String id) {
        Queued q = inFlight.remove(id);
        if (q == null) return null;
        Notification n = q.notification();
        done(n.seq(), q.live());
        if (n.target().fanOut()) {
            fanoutAnswered(n.seq());
            maxFanoutDone = Math.max(maxFanoutDone, n.seq());
        }
        return n;
    }

    /**
     * The fan-out cursor this device can move to now: everything up to it is finished. Acknowledgements may
     * arrive out of order, so the cursor stops below the oldest broadcast still in flight.
     */
    synchronized long fanoutCursor() {
        long c = maxFanoutDone;
        if (fanoutInFlightCount > 0) c = Math.min(c, fanoutInFlight[0] - 1);
        return c;
    }

    private void fanoutSent(long seq) {
        int at = Arrays.binarySearch(fanoutInFlight, 0, fanoutInFlightCount, seq);
        if (at >= 0) return;
        at = -at - 1;
        if (fanoutInFlightCount == fanoutInFlight.length) {
            fanoutInFlight = Arrays.copyOf(fanoutInFlight, Math.max(4, 2 * fanoutInFlightCount));
        }
        System.arraycopy(fanoutInFlight, at, fanoutInFlight, at + 1, fanoutInFlightCount - at);
        fanoutInFlight[at] = seq;
        fanoutInFlightCount++;
    }

    private void fanoutAnswered(long seq) {
        int at = Arrays.binarySearch(fanoutInFlight, 0, fanoutInFlightCount, seq);
        if (at < 0) return;
        System.arraycopy(fanoutInFlight, at + 1, fanoutInFlight, at, fanoutInFlightCount - at - 1);
        fanoutInFlightCount--;
        if (fanoutInFlightCount == 0 && fanoutInFlight.length > 8) fanoutInFlight = NO_SEQS; // after a burst
    }

    /** How many finished seqs are remembered (tests). */
    synchronized int rememberedForTest() {
        return recentlyDone.size();
    }

    /** The seqs waiting to be sent, in order (tests). */
    synchronized java.util.List<Long> queuedSeqs() {
        return java.util.List.copyOf(queue.keySet());
    }

    /** Puts a notification in flight as {@link #next} does for an acknowledging device (tests). */
    synchronized void inFlightForTest(Notification n) {
        inFlightForTest(new Queued(n, null, true));
    }

    /** Puts a queued notification in flight as {@link #next} does for an acknowledging device (tests). */
    synchronized void inFlightForTest(Queued q) {
        queue.remove(q.notification().seq());
        inFlight.put(q.notification().id(), q);
        if (q.notification().target().fanOut()) fanoutSent(q.notification().seq());
    }

    /**
     * Remembers a finished seq (bounded) when it could be queued again: it came from the backlog (a broadcast's
     * walk, or the writer's route, may still reach this device with it), or a backlog page is still to be read. A
     * live notification finished when no page is left is routed once and never read again here, so it is not
     * kept: a device receiving a steady stream then holds no growing set of finished seqs.
     */
    synchronized void done(long seq, boolean live) {
        if (live && !loading && !moreToLoad) return;
        recentlyDone.add(seq);
        if (recentlyDone.size() > 4 * MAX_IN_FLIGHT) {
            Iterator<Long> it = recentlyDone.iterator();
            it.next();
            it.remove();
        }
    }

}
