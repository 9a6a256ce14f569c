package org.xpush.server.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xpush.server.device.Device;
import org.xpush.server.session.PreparedIq;
import org.xpush.xmpp.xml.Element;

/** The per-device delivery state machine, without sessions or sockets. */
class OnlineDeviceTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");

    private static Notification notification(long seq, Target target, String collapseKey) {
        return new Notification(seq, "n" + seq, target, "t" + seq, null, null, Map.of(), Priority.NORMAL, collapseKey,
                3600, NOW, NOW.plus(Duration.ofHours(1)), null, 1);
    }

    private static OnlineDevice.Queued queued(Notification n) {
        return new OnlineDevice.Queued(n, new PreparedIq.SharedChild(Element.of("notification", "androidpn:iq:notification")), false);
    }

    private static Device device(boolean acknowledges, String... tags) {
        return new Device("u", null, Set.of(tags), acknowledges, 0);
    }

    @Test
    void tagChangeWhileTheBacklogLoadsWinsOverWhatTheLoadRead() {
        OnlineDevice d = new OnlineDevice("u");
        d.changed(device(true, "news")); // the device IQ saved a tag while the backlog query was running
        d.loaded(device(true), false); // the query read the device before the change
        assertThat(d.device().tags()).containsExactly("news");
        assertThat(d.hasTag("news")).isTrue();
    }

    @Test
    void tagNotificationsArrivingWhileLoadingWaitAndAreKeptOnlyForTheDevicesTags() {
        OnlineDevice d = new OnlineDevice("u");
        assertThat(d.hasTag("news")).as("unknown while loading: queue it").isTrue();
        d.enqueue(queued(notification(1, new Target.Tag("news"), null)));
        d.enqueue(queued(notification(2, new Target.Tag("sport"), null)));
        d.loaded(device(true, "news"), false);
        assertThat(d.hasTag("sport")).isFalse();
        assertThat(d.queuedSeqs()).as("the sport notification is not for this device").containsExactly(1L);
        assertThat(d.next(NOW)).as("nothing is sent without a session").isNull();
    }

    @Test
    void newerNotificationWithTheSameCollapseKeyReplacesAQueuedOne() {
        OnlineDevice d = new OnlineDevice("u");
        d.enqueue(queued(notification(1, new Target.User("u"), "score")));
        d.enqueue(queued(notification(2, new Target.User("u"), "other")));
        d.enqueue(queued(notification(3, new Target.User("u"), "score")));
        d.loaded(device(true), false);
        assertThat(d.queuedSeqs()).containsExactly(2L, 3L);
    }

    @Test
    void duplicatesAreQueuedOnce() {
        OnlineDevice d = new OnlineDevice("u");
        Notification n = notification(5, new Target.All(), null);
        d.enqueue(queued(n));
        d.enqueue(queued(n));
        d.loaded(device(true), false);
        assertThat(d.queuedSeqs()).containsExactly(5L);
    }

    @Test
    void fanoutCursorStopsBelowTheOldestBroadcastStillInFlight() {
        OnlineDevice d = new OnlineDevice("u");
        d.loaded(device(true), false);
        d.inFlightForTest(notification(10, new Target.All(), null));
        d.inFlightForTest(notification(11, new Target.All(), null));
        d.inFlightForTest(notification(12, new Target.All(), null));
        assertThat(d.answered("n11")).isNotNull();
        assertThat(d.fanoutCursor()).as("10 is still in flight").isEqualTo(9);
        assertThat(d.answered("n10")).isNotNull();
        assertThat(d.fanoutCursor()).isEqualTo(11);
        assertThat(d.answered("n10")).as("a second answer is ignored").isNull();
        assertThat(d.answered("n12")).isNotNull();
        assertThat(d.fanoutCursor()).isEqualTo(12);
    }

    @Test
    void fanoutCursorHoldsWithBroadcastsPutInFlightOutOfOrderAndMoreThanFitAtFirst() {
        OnlineDevice d = new OnlineDevice("u");
        d.loaded(device(true), false);
        for (long seq : new long[] {20, 14, 30, 15, 16}) d.inFlightForTest(notification(seq, new Target.All(), null));
        assertThat(d.answered("n14")).isNotNull();
        assertThat(d.fanoutCursor()).isEqualTo(14);
        assertThat(d.answered("n20")).isNotNull();
        assertThat(d.fanoutCursor()).as("15 and 16 are still in flight").isEqualTo(14);
        assertThat(d.answered("n16")).isNotNull();
        assertThat(d.answered("n15")).isNotNull();
        assertThat(d.fanoutCursor()).as("30 is still in flight").isEqualTo(20);
        assertThat(d.answered("n30")).isNotNull();
        assertThat(d.fanoutCursor()).isEqualTo(30);
    }

    @Test
    void aBacklogNotificationFinishedBeforeItsLiveRouteArrivesIsNotSentAgain() {
        OnlineDevice d = new OnlineDevice("u");
        Notification n = notification(7, new Target.All(), null);
        d.loaded(device(true), false);
        d.inFlightForTest(queued(n)); // read from the backlog: the broadcast's walk has not reached this device yet
        assertThat(d.answered("n7")).isEqualTo(n);

        d.enqueue(new OnlineDevice.Queued(n, null, true)); // the walk arrives
        assertThat(d.queuedSeqs()).isEmpty();
    }

    @Test
    void aLiveNotificationFinishedWhileABacklogPageIsLeftIsNotSentAgainByThatPage() {
        OnlineDevice d = new OnlineDevice("u");
        d.loaded(device(true), true); // a full page was read: more to come
        Notification live = notification(9, new Target.User("u"), null);
        d.inFlightForTest(new OnlineDevice.Queued(live, null, true));
        assertThat(d.answered("n9")).isEqualTo(live);

        assertThat(d.startReloadIfDrained()).isTrue();
        d.enqueue(queued(live)); // the next page, read before the recorder wrote the acknowledgement
        d.loaded(device(true), false);
        assertThat(d.queuedSeqs()).isEmpty();
    }

    @Test
    void liveNotificationsFinishedWhenNoBacklogIsLeftAreNotRemembered() {
        OnlineDevice d = new OnlineDevice("u");
        d.loaded(device(true), false);
        for (long seq = 1; seq <= 3 * OnlineDevice.MAX_IN_FLIGHT; seq++) {
            Notification n = notification(seq, new Target.User("u"), null);
            d.inFlightForTest(new OnlineDevice.Queued(n, null, true));
            assertThat(d.answered(n.id())).isEqualTo(n);
        }
        assertThat(d.rememberedForTest()).isZero();
    }

    @Test
    void oneThreadPumpsAtATimeAndARequestWhileBusyMakesItLookAgain() {
        OnlineDevice d = new OnlineDevice("u");
        assertThat(d.startPump()).isTrue();
        assertThat(d.startPump()).as("busy: the holder will look again").isFalse();
        assertThat(d.startPump()).isFalse();
        assertThat(d.finishPump()).as("asked meanwhile: keep the pump, take again").isFalse();
        assertThat(d.finishPump()).as("nobody asked since").isTrue();
        assertThat(d.startPump()).as("free again").isTrue();
        assertThat(d.finishPump()).isTrue();
    }
}
