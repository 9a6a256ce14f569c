package org.xpush.server.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.account.JdbcAccountStore;
import org.xpush.server.account.ScramCredentials;
import org.xpush.server.sasl.ScramHash;
import org.xpush.server.testing.H2TestDatabase;

/**
 * The group commit of {@link NotificationWriter} on a real H2 file database. To make a batch deterministic, the
 * first notification's hand-off blocks the writer thread until the drafts that should share the next batch are
 * all queued.
 */
class NotificationWriterTest {

    private static final Instant NOW = Instant.parse("2031-03-04T05:06:07Z");
    private static final ScramCredentials CREDS = ScramHash.SHA_256.derive("pw", new byte[] {1}, 1);

    @RegisterExtension
    final H2TestDatabase h2 = new H2TestDatabase();

    private final AtomicInteger ids = new AtomicInteger();
    private final List<Notification> handedOn = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private NotificationStore store;
    private NotificationWriter writer;

    @BeforeEach
    void start() {
        store = new NotificationStore(h2.database().jdbi());
        for (String u : List.of("alice", "bob")) new JdbcAccountStore(h2.database().jdbi()).create(u, CREDS, CREDS);
        writer = new NotificationWriter(store, (n, devices) -> {
            handedOn.add(n);
            if (handedOn.size() == 1) awaitRelease();
        }, metrics);
    }

    @AfterEach
    void stop() {
        release.countDown();
        writer.close();
        callers.close();
    }

    @Test
    void draftsQueuedWhileTheWriterIsBusyShareOneCommitAndAreHandedOnInSeqOrder() {
        CompletableFuture<Notification> first = write(toUser("alice", null));
        await().until(() -> handedOn.size() == 1);
        List<CompletableFuture<Notification>> queued = new ArrayList<>();
        for (int i = 0; i < 20; i++) queued.add(write(toUser(i % 2 == 0 ? "alice" : "bob", null)));
        await().until(() -> writer.queued() == 20);

        release.countDown();

        List<Notification> stored = queued.stream().map(CompletableFuture::join).toList();
        assertThat(first.join().seq()).isLessThan(stored.get(0).seq());
        assertThat(writer.batchesWritten()).isEqualTo(2);
        // the commit meters: two commits, of 1 and 20 notifications
        assertThat(metrics.get("xpush_notification_commit").timer().count()).isEqualTo(2);
        assertThat(metrics.get("xpush_notification_commit_size").summary().totalAmount()).isEqualTo(21);
        assertThat(metrics.get("xpush_notification_commit_size").summary().max()).isEqualTo(20);
        // callers are answered before the notifications are handed on
        await().until(() -> handedOn.size() == 21);
        assertThat(handedOn.stream().map(Notification::seq).toList()).isSorted();
        for (Notification n : stored) assertThat(store.findById(n.id())).contains(n);
    }

    @Test
    void anUnknownUserFailsOnlyItsOwnDraftInABatch() {
        write(toUser("alice", null));
        await().until(() -> handedOn.size() == 1);
        CompletableFuture<Notification> good = write(toUser("bob", null));
        CompletableFuture<Notification> bad = write(draft(new Target.Users(List.of("alice", "ghost", "phantom")),
                List.of("alice", "ghost", "phantom"), null, null));
        await().until(() -> writer.queued() == 2);

        release.countDown();

        assertThat(good.join().target()).isEqualTo(new Target.User("bob"));
        assertThatThrownBy(bad::join).cause().isInstanceOfSatisfying(UnknownUsersException.class,
                e -> assertThat(e.users()).containsExactly("ghost", "phantom"));
        assertThat(writer.batchesWritten()).isEqualTo(2);
    }

    @Test
    void theDraftsBesideOneNamingAnUnknownUserAreStoredAgainAsOneBatch() {
        write(toUser("alice", null));
        await().until(() -> handedOn.size() == 1);
        CompletableFuture<Notification> before = write(toUser("alice", null));
        await().until(() -> writer.queued() == 1);
        CompletableFuture<Notification> bad = write(toUser("ghost", null));
        await().until(() -> writer.queued() == 2);
        CompletableFuture<Notification> after = write(toUser("bob", null));
        await().until(() -> writer.queued() == 3);

        release.countDown();

        assertThatThrownBy(bad::join).cause().isInstanceOfSatisfying(UnknownUsersException.class,
                e -> assertThat(e.users()).containsExactly("ghost"));
        assertThat(before.join().seq()).isLessThan(after.join().seq());
        // the first notification's commit, then before and after together (not one commit each)
        assertThat(writer.batchesWritten()).isEqualTo(2);
        await().until(() -> handedOn.size() == 3);
    }

    @Test
    void aLoneDraftNamingAnUnknownUserFailsWithTheUnknownNames() {
        release.countDown();
        assertThatThrownBy(() -> writer.write(draft(new Target.Users(List.of("bob", "ghost")), List.of("bob", "ghost"),
                null, null))).isInstanceOfSatisfying(UnknownUsersException.class,
                e -> assertThat(e.users()).containsExactly("ghost"));
        assertThat(writer.batchesWritten()).isZero();
        assertThat(handedOn).isEmpty();
    }

    @Test
    void aBatchThatFailsIsRetriedOneByOneSoEachCallerGetsItsOwnOutcome() {
        write(toUser("alice", null));
        await().until(() -> handedOn.size() == 1);
        CompletableFuture<Notification> once = write(toUser("alice", "order-1"));
        await().until(() -> writer.queued() == 1);
        CompletableFuture<Notification> again = write(toUser("alice", "order-1")); // same Idempotency-Key
        await().until(() -> writer.queued() == 2);
        CompletableFuture<Notification> other = write(toUser("bob", null));
        await().until(() -> writer.queued() == 3);

        release.countDown();

        assertThat(once.join().target()).isEqualTo(new Target.User("alice"));
        assertThat(other.join().target()).isEqualTo(new Target.User("bob"));
        assertThatThrownBy(again::join).cause().isInstanceOf(UnableToExecuteStatementException.class);
        assertThat(store.findByIdempotencyKey("api", "order-1")).contains(once.join());
    }

    @Test
    void closeWritesWhatIsQueuedThenRefusesMore() {
        write(toUser("alice", null));
        await().until(() -> handedOn.size() == 1);
        CompletableFuture<Notification> queued = write(toUser("bob", null));
        await().until(() -> writer.queued() == 1);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(writer::close, callers);

        release.countDown();
        closing.join();

        assertThat(store.findById(queued.join().id())).isPresent();
        assertThatThrownBy(() -> writer.write(toUser("alice", null))).isInstanceOf(StoppingException.class);
    }

    private CompletableFuture<Notification> write(NotificationStore.Draft d) {
        return CompletableFuture.supplyAsync(() -> writer.write(d), callers);
    }

    private NotificationStore.Draft toUser(String user, String idempotencyKey) {
        return draft(new Target.User(user), List.of(user), null, idempotencyKey);
    }

    private NotificationStore.Draft draft(Target target, List<String> devices, String collapseKey, String idempotencyKey) {
        String id = "w-" + ids.incrementAndGet();
        NotificationRequest r = new NotificationRequest(target, "title " + id, null, null, Map.of(), Duration.ofHours(1),
                Priority.NORMAL, collapseKey);
        return new NotificationStore.Draft(id, r, NOW, "api", idempotencyKey, devices, devices.size());
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
