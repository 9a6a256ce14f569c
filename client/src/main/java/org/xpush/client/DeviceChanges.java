package org.xpush.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.StanzaError;

/**
 * Alias and tag changes asked for by the app, kept until the server has applied them: sent at once when the
 * device is connected, otherwise at the next connection, in the order asked. A later alias replaces a pending
 * alias, and a later "set tags" replaces pending tag changes (their futures then complete with the later change).
 * In memory only: a change asked for just before the process ends may be lost, so apps set them again at start.
 *
 * <p>{@link #flush} runs on the client's scheduler thread; the other methods on any thread.
 */
final class DeviceChanges {

    /** More pending changes than this means the app is looping; refuse rather than grow without bound. */
    static final int MAX_PENDING = 256;

    private static final Logger log = Logger.getLogger(DeviceChanges.class.getName());

    private static final class Pending {
        final String alias; // null unless an alias change; "" clears
        final DeviceIq.TagAction action; // null unless a tag change
        final List<String> tags;
        final List<CompletableFuture<Void>> futures = new ArrayList<>(1);
        boolean inFlight;

        Pending(String alias, DeviceIq.TagAction action, List<String> tags) {
            this.alias = alias;
            this.action = action;
            this.tags = tags;
        }

        DeviceIq toIq() {
            return alias != null ? DeviceIq.alias(alias) : DeviceIq.tags(action, tags);
        }

        String describe() {
            return alias != null ? "alias" : action.wire + " tags " + tags;
        }
    }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();

    /** Queues an alias change; {@code ""} clears the alias. */
    synchronized CompletableFuture<Void> alias(String alias) {
        Pending p = new Pending(alias, null, null);
        for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
            Pending old = it.next();
            if (old.alias != null && !old.inFlight) {
                p.futures.addAll(old.futures);
                it.remove();
            }
        }
        return enqueue(p);
    }

    /** Queues a tag change. */
    synchronized CompletableFuture<Void> tags(DeviceIq.TagAction action, List<String> tags) {
        Pending p = new Pending(null, action, new ArrayList<>(tags));
        if (action == DeviceIq.TagAction.SET) {
            for (Iterator<Pending> it = queue.iterator(); it.hasNext(); ) {
                Pending old = it.next();
                if (old.action != null && !old.inFlight) {
                    p.futures.addAll(old.futures);
                    it.remove();
                }
            }
        }
        return enqueue(p);
    }

    private CompletableFuture<Void> enqueue(Pending p) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (queue.size() >= MAX_PENDING) {
            f.completeExceptionally(new IllegalStateException(
                    "more than " + MAX_PENDING + " alias and tag changes are waiting for a connection"));
            return f;
        }
        p.futures.add(f);
        queue.addLast(p);
        return f;
    }

    /** Whether changes are waiting. */
    synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    /**
     * Sends the pending changes in order, each waiting for the server's answer (bounded by the connection's reply
     * timeout). Stops at the first change that gets no answer, which stays pending for the next connection; a
     * change the server refuses fails its futures and is dropped.
     */
    void flush(XMPPConnection connection) throws InterruptedException {
        while (true) {
            Pending p;
            synchronized (this) {
                p = queue.peekFirst();
                if (p == null) return;
                p.inFlight = true;
            }
            Throwable failure = null;
            try {
                connection.sendIqRequestAndWaitForResponse(p.toIq());
            } catch (XMPPException.XMPPErrorException e) {
                StanzaError error = e.getStanzaError();
                String text = error.getDescriptiveText();
                failure = new DeviceSettingsException(error.getCondition().toString(),
                        "the server refused to " + p.describe() + ": " + error.getCondition()
                                + (text == null ? "" : " (" + text + ")"));
                log.log(Level.WARNING, failure.getMessage());
            } catch (SmackException.NoResponseException | SmackException.NotConnectedException e) {
                synchronized (this) {
                    p.inFlight = false;
                }
                log.log(Level.FINE, "alias/tag change not confirmed; it is sent again at the next connection", e);
                return;
            }
            List<CompletableFuture<Void>> done;
            synchronized (this) {
                queue.remove(p);
                done = new ArrayList<>(p.futures);
            }
            for (CompletableFuture<Void> f : done) {
                if (failure == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(failure);
                }
            }
        }
    }

    /** Fails every pending change (the client stopped). */
    void cancelAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        synchronized (this) {
            for (Pending p : queue) all.addAll(p.futures);
            queue.clear();
        }
        for (CompletableFuture<Void> f : all) {
            f.completeExceptionally(new IllegalStateException("the push client stopped before the change was applied"));
        }
    }
}
