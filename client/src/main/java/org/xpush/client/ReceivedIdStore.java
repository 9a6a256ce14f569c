package org.xpush.client;

import java.io.IOException;
import java.util.List;

/**
 * Keeps the ids of the most recently received notifications between runs, so that a notification delivered again
 * (at-least-once delivery: e.g. when the acknowledgement was lost) is acknowledged but not passed to the
 * {@link NotificationListener} a second time. {@link FileReceivedIdStore} is the default.
 *
 * <p>The client calls {@link #load()} once, on the thread that builds it, and {@link #save} on a Smack thread of the
 * connection, one notification at a time.
 */
public interface ReceivedIdStore {

    /**
     * The stored ids.
     *
     * @return the ids, oldest first; empty when none are stored
     * @throws IOException if they cannot be read (the client then starts with an empty window)
     */
    List<String> load() throws IOException;

    /**
     * Replaces the stored ids. Called after each new notification, before it is acknowledged; should be atomic
     * (all or nothing) and durable when it returns.
     *
     * @param ids the ids to keep, oldest first (at most the client's window size)
     * @throws IOException if they cannot be stored (the notification is acknowledged all the same)
     */
    void save(List<String> ids) throws IOException;
}
