package org.xpush.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The window of recently received notification ids behind duplicate suppression (DESIGN §3.4: the SDK drops
 * duplicates by id). Holds the last {@code capacity} ids in arrival order and writes them through a
 * {@link ReceivedIdStore} after each new one, so that the window survives a restart. Thread-safe.
 */
final class ReceivedIds {

    /** How many ids are remembered: far more than a device receives between two acknowledgements. */
    static final int DEFAULT_CAPACITY = 1000;

    private static final Logger log = Logger.getLogger(ReceivedIds.class.getName());

    private final ReceivedIdStore store;
    private final int capacity;
    private final LinkedHashSet<String> ids = new LinkedHashSet<>();

    private ReceivedIds(ReceivedIdStore store, int capacity) {
        this.store = store;
        this.capacity = capacity;
    }

    /** The window as stored; an unreadable store gives an empty window (duplicates may then reach the app once). */
    static ReceivedIds load(ReceivedIdStore store, int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        ReceivedIds r = new ReceivedIds(store, capacity);
        try {
            for (String id : store.load()) r.add(id);
        } catch (IOException | RuntimeException e) {
            log.log(Level.WARNING, "cannot read the received notification ids from " + store
                    + "; starting with none, so a redelivered notification may reach the app twice", e);
        }
        return r;
    }

    /** Whether {@code id} was received (and passed to the app) before. */
    synchronized boolean contains(String id) {
        return ids.contains(id);
    }

    /**
     * Remembers {@code id} and stores the window. A store failure is logged: the id is remembered until the
     * process ends, but a redelivery after a restart would reach the app again.
     */
    synchronized void remember(String id) {
        if (!add(id)) return;
        List<String> snapshot = new ArrayList<>(ids);
        try {
            store.save(snapshot);
        } catch (IOException | RuntimeException e) {
            log.log(Level.WARNING, "cannot store the received notification ids in " + store, e);
        }
    }

    /** The ids, oldest first (for tests). */
    synchronized List<String> snapshot() {
        return new ArrayList<>(ids);
    }

    private boolean add(String id) {
        if (!ids.add(id)) return false;
        Iterator<String> oldest = ids.iterator();
        while (ids.size() > capacity) {
            oldest.next();
            oldest.remove();
        }
        return true;
    }
}
