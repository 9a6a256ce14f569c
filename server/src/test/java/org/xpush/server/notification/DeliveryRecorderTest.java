package org.xpush.server.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.account.JdbcAccountStore;
import org.xpush.server.account.ScramCredentials;
import org.xpush.server.device.DeviceStore;
import org.xpush.server.notification.NotificationStore.State;
import org.xpush.server.sasl.ScramHash;
import org.xpush.server.testing.H2TestDatabase;

/**
 * {@link DeliveryRecorder} on a real H2 file database: however the events of one delivery fall into flushes, the
 * row ends in the state that applying them one by one gives (a final state is never moved back).
 */
class DeliveryRecorderTest {

    private static final Instant NOW = Instant.parse("2031-03-04T05:06:07Z");
    private static final ScramCredentials CREDS = ScramHash.SHA_256.derive("pw", new byte[] {1}, 1);

    @RegisterExtension
    final H2TestDatabase h2 = new H2TestDatabase();

    private NotificationStore store;
    private DeliveryRecorder recorder;
    private int ids;

    @BeforeEach
    void start() {
        store = new NotificationStore(h2.database().jdbi());
        new JdbcAccountStore(h2.database().jdbi()).create("alice", CREDS, CREDS);
        recorder = new DeliveryRecorder(store);
    }

    @AfterEach
    void stop() {
        recorder.close();
    }

    @Test
    void aSendFollowedByItsAcknowledgementEndsAcknowledged() {
        assertThat(afterEvents(State.SENT, State.ACKED)).isEqualTo(new DeliveryCounts(1, 1, 1, 0, 0, 0));
    }

    @Test
    void aLateResendDoesNotUndoAnAcknowledgement() {
        assertThat(afterEvents(State.SENT, State.ACKED, State.SENT)).isEqualTo(new DeliveryCounts(1, 1, 1, 0, 0, 0));
    }

    @Test
    void theFirstFinalStateWins() {
        assertThat(afterEvents(State.SENT, State.FAILED, State.ACKED)).isEqualTo(new DeliveryCounts(1, 1, 0, 1, 0, 0));
    }

    @Test
    void aSendAloneLeavesTheDeliveryWaiting() {
        assertThat(afterEvents(State.SENT)).isEqualTo(new DeliveryCounts(1, 0, 0, 0, 0, 1));
    }

    @Test
    void eventsOfDifferentNotificationsStaySeparate() {
        Notification a = insert();
        Notification b = insert();
        recorder.direct("alice", a.seq(), State.SENT);
        recorder.direct("alice", b.seq(), State.SENT);
        recorder.direct("alice", a.seq(), State.ACKED);
        recorder.close();
        assertThat(store.counts(a, NOW)).isEqualTo(new DeliveryCounts(1, 1, 1, 0, 0, 0));
        assertThat(store.counts(b, NOW)).isEqualTo(new DeliveryCounts(1, 0, 0, 0, 0, 1));
    }

    @Test
    void aCursorIsHeldUntilCursorsStopMovingThenWritten() {
        DeviceStore devices = new DeviceStore(h2.database().jdbi());
        devices.loadOrCreate("alice");

        recorder.cursor("alice", 7);
        recorder.cursor("alice", 5); // an older one never moves it back

        assertThat(recorder.pendingCursor("alice")).isEqualTo(7);
        await().until(() -> devices.find("alice").orElseThrow().fanoutCursor() == 7);
        await().until(() -> recorder.pendingCursor("alice") == 0);
    }

    @Test
    void manyHeldCursorsAreAllWrittenChunkByChunkBesideOtherOutcomes() {
        DeviceStore devices = new DeviceStore(h2.database().jdbi());
        int n = 2 * DeliveryRecorder.CURSOR_CHUNK + 500;
        JdbcAccountStore accounts = new JdbcAccountStore(h2.database().jdbi());
        for (int i = 0; i < n; i++) {
            accounts.create("dev" + i, CREDS, CREDS);
            devices.loadOrCreate("dev" + i);
        }
        Notification direct = insert();
        for (int i = 0; i < n; i++) recorder.cursor("dev" + i, 40 + i);
        recorder.direct("alice", direct.seq(), State.ACKED);

        await().until(() -> store.counts(direct, NOW).acknowledged() == 1);
        await().until(() -> java.util.stream.IntStream.range(0, n).allMatch(i -> recorder.pendingCursor("dev" + i) == 0));
        for (int i = 0; i < n; i += 97) assertThat(devices.find("dev" + i).orElseThrow().fanoutCursor()).isEqualTo(40 + i);
        assertThat(devices.find("dev" + (n - 1)).orElseThrow().fanoutCursor()).isEqualTo(40 + n - 1);
    }

    @Test
    void closeWritesTheCursorsStillHeld() {
        DeviceStore devices = new DeviceStore(h2.database().jdbi());
        devices.loadOrCreate("alice");
        recorder.cursor("alice", 9);

        recorder.close();

        assertThat(devices.find("alice").orElseThrow().fanoutCursor()).isEqualTo(9);
        assertThat(recorder.pendingCursor("alice")).isZero();
    }

    /** Queues the events for one new notification to alice, writes them (close flushes) and reads its counts. */
    private DeliveryCounts afterEvents(State... events) {
        Notification n = insert();
        for (State s : events) recorder.direct("alice", n.seq(), s);
        recorder.close();
        return store.counts(n, NOW);
    }

    private Notification insert() {
        String id = "r-" + ++ids;
        NotificationRequest r = new NotificationRequest(new Target.User("alice"), "title " + id, null, null, Map.of(),
                Duration.ofHours(1), Priority.NORMAL, null);
        return store.insert(new NotificationStore.Draft(id, r, NOW, "api", null, List.of("alice"), 1));
    }
}
