package org.xpush.server.notification;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of accepted notifications: request threads hand their drafts to one writer thread, which stores
 * whatever has queued up since its last commit in a single transaction, answers each caller, then hands the
 * stored notifications on in seq order. Under load one commit carries many notifications, so the rate is bound
 * by the database's throughput rather than by one commit per request; when idle a draft is written at once.
 *
 * <p>Per draft, nothing changes for the caller: {@link #write} returns only once the notification is durable,
 * and a draft that cannot be stored fails alone. Names of user targets are not looked up first: the delivery
 * rows' foreign key refuses a user without an account. A batch that fails as a whole (such a user, or a
 * concurrent retry with the same Idempotency-Key) has those names checked in one query; the callers naming
 * unknown users fail, the rest is written again as one batch and, if that fails too, one caller at a time, so
 * each caller gets its own outcome.
 *
 * <p>On {@link #close}, drafts already queued are still written; later calls throw {@link StoppingException}.
 */
final class NotificationWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotificationWriter.class);

    /** Callers whose drafts share one transaction at most. */
    static final int MAX_BATCH = 512;

    /** One caller's drafts: stored together, in one transaction, or not at all. */
    private record Pending(List<NotificationStore.Draft> drafts, CompletableFuture<List<Notification>> result) {}

    private static final Pending STOP = new Pending(null, null);

    private final NotificationStore store;
    private final BiConsumer<Notification, List<String>> stored;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final LongAdder batches = new LongAdder();
    /** Time of each group commit, and the notifications it stored: what an operator reads the database by. */
    private final Timer commitTime;
    private final DistributionSummary commitSize;
    private volatile boolean closed;

    /**
     * @param stored  called on the writer thread for each stored notification, in seq order, with the devices
     *                its draft resolved to; must not block for long (it delays the next commit)
     * @param metrics where the commit meters are registered
     */
    NotificationWriter(NotificationStore store, BiConsumer<Notification, List<String>> stored, MeterRegistry metrics) {
        this.store = store;
        this.stored = stored;
        this.commitTime = Timer.builder("xpush_notification_commit")
                .description("one group commit of accepted notifications (insert and commit)")
                .publishPercentileHistogram().register(metrics);
        this.commitSize = DistributionSummary.builder("xpush_notification_commit_size")
                .description("notifications stored by one group commit").register(metrics);
        this.thread = Thread.ofPlatform().name("xpush-notification-writer").daemon(true).start(this::run);
    }

    /**
     * Stores the draft and returns the notification once it is committed. Blocks.
     *
     * @throws UnknownUsersException when a user or users target names accounts that do not exist
     * @throws StoppingException     after {@link #close}
     */
    Notification write(NotificationStore.Draft draft) {
        return writeAll(List.of(draft)).get(0);
    }

    /**
     * Stores the drafts, all or none, in one transaction, and returns the notifications in the same order once
     * they are committed. Blocks.
     *
     * @throws UnknownUsersException when a user or users target names accounts that do not exist (naming all of
     *                               them, whichever draft named them)
     * @throws StoppingException     after {@link #close}
     */
    List<Notification> writeAll(List<NotificationStore.Draft> drafts) {
        if (drafts.isEmpty()) return List.of();
        Pending p = new Pending(List.copyOf(drafts), new CompletableFuture<>());
        synchronized (this) {
            if (closed) throw new StoppingException();
            queue.add(p);
        }
        try {
            return p.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        boolean stopping = false;
        while (!stopping || !queue.isEmpty()) {
            try {
                Pending first = stopping ? queue.poll() : queue.take();
                if (first == null) break;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1); // callers, not drafts: a batch request counts once
            } catch (InterruptedException e) {
                stopping = true;
            }
            if (batch.remove(STOP)) stopping = true;
            if (!batch.isEmpty()) writeBatch(batch);
            batch.clear();
        }
    }

    /**
     * Stores the batch in one transaction, answers its callers, then hands its notifications on. Optimistic: names
     * of user targets are not looked up first, because the delivery rows' foreign key refuses a user without an
     * account; only a batch that fails is checked ({@link #writeAfterFailure}).
     */
    private void writeBatch(List<Pending> batch) {
        List<Notification> written;
        try {
            written = insert(batch);
        } catch (RuntimeException e) {
            writeAfterFailure(batch, e);
            return;
        }
        handOn(batch, written);
    }

    /**
     * A batch failed: an unknown user, a repeated Idempotency-Key, or the database. Drafts naming unknown users are
     * failed with {@link UnknownUsersException} (one query for the batch) and the rest is written again as one
     * batch; when that fails too, or no user was unknown, each remaining caller is written alone, so that it gets
     * its own outcome. A lone caller gets the failure itself.
     */
    private void writeAfterFailure(List<Pending> batch, RuntimeException failure) {
        List<Pending> valid = withKnownUsers(batch);
        if (valid.isEmpty()) return;
        if (valid.size() < batch.size()) {
            try {
                handOn(valid, insert(valid));
                return;
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        if (valid.size() == 1) {
            valid.get(0).result().completeExceptionally(failure);
            return;
        }
        log.debug("batch of {} callers failed ({}); storing them one by one", valid.size(), failure.toString());
        for (Pending p : valid) {
            List<Notification> written;
            try {
                written = insert(List.of(p));
            } catch (RuntimeException e) {
                p.result().completeExceptionally(e);
                continue;
            }
            handOn(List.of(p), written);
        }
    }

    private List<Notification> insert(List<Pending> batch) {
        List<NotificationStore.Draft> drafts = new ArrayList<>();
        for (Pending p : batch) drafts.addAll(p.drafts());
        long start = System.nanoTime();
        List<Notification> written = store.insertAll(drafts);
        commitTime.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        commitSize.record(written.size());
        batches.increment();
        return written;
    }

    /** Answers each caller with its stored notifications, then hands them on in seq order. */
    private void handOn(List<Pending> batch, List<Notification> written) {
        int at = 0;
        for (Pending p : batch) {
            p.result().complete(written.subList(at, at + p.drafts().size()));
            at += p.drafts().size();
        }
        at = 0;
        for (Pending p : batch) {
            for (NotificationStore.Draft d : p.drafts()) {
                Notification n = written.get(at++);
                try {
                    stored.accept(n, d.devices());
                } catch (RuntimeException e) {
                    // stored and answered: the devices get it from their backlog at their next login
                    log.error("routing notification {} failed", n.id(), e);
                }
            }
        }
    }

    /** Fails the drafts that name users without an account (one query for the batch); returns the rest. */
    private List<Pending> withKnownUsers(List<Pending> batch) {
        Set<String> named = new LinkedHashSet<>();
        for (Pending p : batch) {
            for (NotificationStore.Draft d : p.drafts()) {
                if (namesUsers(d)) named.addAll(d.devices());
            }
        }
        if (named.isEmpty()) return batch;
        Set<String> unknown;
        try {
            unknown = store.unknownAccounts(named);
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result().completeExceptionally(e));
            return List.of();
        }
        if (unknown.isEmpty()) return batch;
        List<Pending> valid = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            List<String> missing = p.drafts().stream().filter(NotificationWriter::namesUsers)
                    .flatMap(d -> d.devices().stream()).filter(unknown::contains).distinct().toList();
            if (missing.isEmpty()) {
                valid.add(p);
            } else {
                p.result().completeExceptionally(new UnknownUsersException(missing));
            }
        }
        return valid;
    }

    private static boolean namesUsers(NotificationStore.Draft d) {
        return d.request().target() instanceof Target.User || d.request().target() instanceof Target.Users;
    }

    /** Callers waiting for the writer thread (tests). */
    int queued() {
        return queue.size();
    }

    /** Transactions committed so far (tests). */
    long batchesWritten() {
        return batches.sum();
    }

    /** Writes what is queued, then stops the writer thread; later {@link #write} calls fail. Blocks. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.add(STOP);
        }
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
