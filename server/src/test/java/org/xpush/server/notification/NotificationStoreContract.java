package org.xpush.server.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;
import org.xpush.server.account.JdbcAccountStore;
import org.xpush.server.account.ScramCredentials;
import org.xpush.server.device.Device;
import org.xpush.server.device.DeviceStore;
import org.xpush.server.notification.DeliveryRecorder.Outcome;
import org.xpush.server.notification.NotificationStore.State;
import org.xpush.server.sasl.ScramHash;
import org.xpush.server.storage.Database;

/**
 * What {@link NotificationStore} must do on every supported database. A subclass supplies a migrated database
 * whose tables are empty when each test starts. "Now" is always an explicit instant: accounts are created with a
 * fixed clock at {@link #T0} and notifications a few seconds later.
 */
abstract class NotificationStoreContract {

    /** When the test accounts are created (unless a test says otherwise). */
    static final Instant T0 = Instant.parse("2031-03-04T05:06:07.123456Z");

    private static final ScramCredentials CREDS = ScramHash.SHA_256.derive("pw", new byte[] {1, 2, 3}, 1);

    private final AtomicInteger ids = new AtomicInteger();

    /** The database under test: migrated, every table empty at the start of each test. */
    protected abstract Database database();

    // ---- insert, findById, history ---------------------------------------------------------------------------

    @Test
    void insertAllStoresInListOrderWithOneOutcomeAsIfInsertedOneByOne() {
        account("alice");
        account("bob");
        List<NotificationStore.Draft> drafts = List.of(
                draft(new Target.User("alice"), List.of("alice"), "score"),
                draft(new Target.All(), List.of(), "news"),
                draft(new Target.Users(List.of("alice", "bob")), List.of("alice", "bob"), "score"),
                draft(new Target.All(), List.of(), "news"),
                draft(new Target.User("bob"), List.of("bob"), null));

        List<Notification> stored = store().insertAll(drafts);

        assertThat(stored).extracting(Notification::id).containsExactlyElementsOf(drafts.stream().map(NotificationStore.Draft::id).toList());
        assertThat(seqs(stored)).isSorted().doesNotHaveDuplicates();
        for (Notification n : stored) assertThat(store().findById(n.id())).contains(n);
        // the later "score" for alice replaced her earlier one in the same batch; bob's first stays pending
        assertThat(deliveries(stored.get(0).seq())).containsExactly(Map.entry("alice", "collapsed"));
        assertThat(deliveries(stored.get(2).seq())).containsOnly(Map.entry("alice", "pending"), Map.entry("bob", "pending"));
        assertThat(replacedBy(stored.get(1).seq())).isEqualTo(stored.get(3).seq());
        assertThat(replacedBy(stored.get(3).seq())).isNull();
        assertThat(deliveries(stored.get(4).seq())).containsExactly(Map.entry("bob", "pending"));
    }

    @Test
    void insertAllStoresNothingWhenOneDraftFails() {
        account("alice");
        int before = countRows("notifications");
        List<NotificationStore.Draft> drafts = List.of(
                draft(new Target.User("alice"), List.of("alice"), null),
                draft(new Target.User("ghost"), List.of("ghost"), null)); // no account: the foreign key refuses it

        assertThatThrownBy(() -> store().insertAll(drafts)).isInstanceOf(JdbiException.class);

        assertThat(countRows("notifications")).isEqualTo(before);
        assertThat(store().findById(drafts.get(0).id())).isEmpty();
    }


    @Test
    void insertOfUserNotificationCreatesOnePendingDeliveryAndRoundTripsEveryField() {
        account("alice");
        Instant created = T0.plusSeconds(5).plusNanos(987_654_000); // microsecond precision
        Map<String, String> data = new LinkedHashMap<>();
        data.put("küche", "日本語 😀");
        data.put("quote", "\"a\" & <b> \\ '");
        data.put("empty", "");
        NotificationRequest r = new NotificationRequest(new Target.User("alice"), "Grüße 👋", "Nachricht\nzwei Zeilen",
                "https://example.com/ä?x=1&y=2", data, Duration.ofSeconds(3600), Priority.HIGH, "score");

        Notification inserted = store().insert(new NotificationStore.Draft("id-user-1", r, created, "key-1", "idem-1",
                List.of("alice"), 1));

        assertThat(inserted.seq()).isPositive();
        Notification found = store().findById("id-user-1").orElseThrow();
        assertThat(found).isEqualTo(inserted);
        assertThat(found.seq()).isEqualTo(inserted.seq());
        assertThat(found.id()).isEqualTo("id-user-1");
        assertThat(found.target()).isEqualTo(new Target.User("alice"));
        assertThat(found.title()).isEqualTo("Grüße 👋");
        assertThat(found.message()).isEqualTo("Nachricht\nzwei Zeilen");
        assertThat(found.uri()).isEqualTo("https://example.com/ä?x=1&y=2");
        assertThat(found.data()).isEqualTo(data);
        assertThat(found.priority()).isEqualTo(Priority.HIGH);
        assertThat(found.collapseKey()).isEqualTo("score");
        assertThat(found.ttlSeconds()).isEqualTo(3600);
        assertThat(found.created()).isEqualTo(created);
        assertThat(found.expires()).isEqualTo(created.plusSeconds(3600));
        assertThat(found.apiKeyId()).isEqualTo("key-1");
        assertThat(found.targeted()).isEqualTo(1);
        assertThat(deliveries(found.seq())).containsExactly(Map.entry("alice", "pending"));
        assertThat(store().findByIdempotencyKey("key-1", "idem-1")).contains(found);
    }

    @Test
    void insertOfUsersNotificationCreatesOnePendingDeliveryPerDevice() {
        account("alice");
        account("bob");
        account("carol");
        Target users = new Target.Users(List.of("alice", "bob", "carol"));

        Notification n = insert(users, List.of("alice", "bob", "carol"), T0.plusSeconds(1), null);

        Notification found = store().findById(n.id()).orElseThrow();
        assertThat(found).isEqualTo(n);
        assertThat(found.target()).isEqualTo(users);
        assertThat(found.targeted()).isEqualTo(3);
        assertThat(deliveries(n.seq())).containsOnly(
                Map.entry("alice", "pending"), Map.entry("bob", "pending"), Map.entry("carol", "pending"));
    }

    /**
     * A JID local part may contain a comma (RFC 7622 §3.3.1; {@code Jid} accepts it), but a users target is
     * stored as its names joined with commas and split again when read.
     */
    @Test
    void usersTargetWithACommaInAUsernameRoundTrips() {
        account("smith,john");
        account("bob");
        Target users = new Target.Users(List.of("smith,john", "bob"));

        Notification n = insert(users, List.of("smith,john", "bob"), T0.plusSeconds(1), null);

        assertThat(store().findById(n.id()).orElseThrow().target()).isEqualTo(users);
    }

    /**
     * A user name may be 1023 characters, and so is {@code notifications.target_value}: a users target of two
     * long (valid) names does not fit the column.
     */
    @Test
    void usersTargetLongerThanOneUsernameIsStored() {
        String first = "a".repeat(600);
        String second = "b".repeat(600);
        account(first);
        account(second);
        Target users = new Target.Users(List.of(first, second));

        Notification n = insert(users, List.of(first, second), T0.plusSeconds(1), null);

        assertThat(store().findById(n.id()).orElseThrow().target()).isEqualTo(users);
        assertThat(deliveries(n.seq())).hasSize(2);
    }

    @Test
    void insertOfAliasNotificationCreatesOnePendingDeliveryPerDevice() {
        account("phone");
        account("tablet");
        account("other");

        Notification n = insert(new Target.Alias("Jürgen"), List.of("phone", "tablet"), T0.plusSeconds(1), null);

        Notification found = store().findById(n.id()).orElseThrow();
        assertThat(found.target()).isEqualTo(new Target.Alias("Jürgen"));
        assertThat(found.targeted()).isEqualTo(2);
        assertThat(deliveries(n.seq())).containsOnly(Map.entry("phone", "pending"), Map.entry("tablet", "pending"));
    }

    @Test
    void insertWithOnlyRequiredFieldsRoundTripsNullsAndAnEmptyDataMap() {
        account("alice");
        NotificationRequest r = new NotificationRequest(new Target.User("alice"), "title only", null, null, Map.of(),
                null, null, null);

        Notification n = store().insert(new NotificationStore.Draft("id-min", r, T0.plusSeconds(1), null, null,
                List.of("alice"), 1));

        Notification found = store().findById("id-min").orElseThrow();
        assertThat(found).isEqualTo(n);
        assertThat(found.message()).isNull();
        assertThat(found.uri()).isNull();
        assertThat(found.data()).isEmpty();
        assertThat(found.priority()).isEqualTo(Priority.NORMAL);
        assertThat(found.collapseKey()).isNull();
        assertThat(found.apiKeyId()).isNull();
        assertThat(found.ttlSeconds()).isEqualTo(NotificationRequest.MAX_TTL.toSeconds());
        assertThat(found.expires()).isEqualTo(T0.plusSeconds(1).plus(NotificationRequest.MAX_TTL));
    }

    @Test
    void insertOfFanOutNotificationCreatesNoDeliveriesAndKeepsTargeted() {
        account("alice");

        Notification all = insert(new Target.All(), List.of(), T0.plusSeconds(1), null, 42);
        Notification tag = insert(new Target.Tag("news"), List.of(), T0.plusSeconds(2), null, 7);

        assertThat(store().findById(all.id()).orElseThrow().target()).isEqualTo(new Target.All());
        assertThat(store().findById(all.id()).orElseThrow().targeted()).isEqualTo(42);
        assertThat(store().findById(tag.id()).orElseThrow().target()).isEqualTo(new Target.Tag("news"));
        assertThat(store().findById(tag.id()).orElseThrow().targeted()).isEqualTo(7);
        assertThat(countRows("deliveries")).isZero();
    }

    @Test
    void findByIdOfAnUnknownIdIsEmpty() {
        account("alice");
        insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(1), null);

        assertThat(store().findById("no-such-id")).isEmpty();
    }

    @Test
    void seqGrowsWithEveryInsert() {
        account("alice");
        Notification a = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(1), null);
        Notification b = insert(new Target.All(), List.of(), T0.plusSeconds(1), null);
        Notification c = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(1), null);

        assertThat(b.seq()).isGreaterThan(a.seq());
        assertThat(c.seq()).isGreaterThan(b.seq());
    }

    @Test
    void historyPagesNewestFirstWithBeforeSeq() {
        account("alice");
        List<Notification> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(insert(i % 2 == 0 ? new Target.User("alice") : new Target.All(), i % 2 == 0 ? List.of("alice") : List.of(),
                    T0.plusSeconds(i + 1), null));
        }

        List<Notification> first = store().history(null, 2);
        assertThat(first).containsExactly(sent.get(4), sent.get(3));
        List<Notification> second = store().history(first.get(1).seq(), 2);
        assertThat(second).containsExactly(sent.get(2), sent.get(1));
        List<Notification> third = store().history(second.get(1).seq(), 2);
        assertThat(third).containsExactly(sent.get(0));
        assertThat(store().history(third.get(0).seq(), 2)).isEmpty();
        assertThat(store().history(null, 100)).containsExactly(sent.reversed().toArray(Notification[]::new));
    }

    @Test
    void historyOfAnEmptyStoreIsEmpty() {
        assertThat(store().history(null, 10)).isEmpty();
        assertThat(store().history(1_000L, 10)).isEmpty();
    }

    // ---- idempotency ---------------------------------------------------------------------------------------------

    @Test
    void secondInsertWithTheSameApiKeyAndIdempotencyKeyViolatesTheUniqueIndex() {
        account("alice");
        Notification first = insertIdem("key-1", "same", List.of("alice"));

        assertThatThrownBy(() -> insertIdem("key-1", "same", List.of("alice")))
                .isInstanceOf(JdbiException.class)
                .satisfies(e -> assertThat(sqlStates(e)).contains("23505"));

        // the failed insert left nothing behind: its transaction was rolled back as a whole
        assertThat(countRows("notifications")).isEqualTo(1);
        assertThat(countRows("deliveries")).isEqualTo(1);
        assertThat(store().findByIdempotencyKey("key-1", "same")).contains(first);
    }

    @Test
    void theSameIdempotencyKeyUnderAnotherApiKeyIsAllowed() {
        account("alice");
        Notification one = insertIdem("key-1", "same", List.of("alice"));
        Notification two = insertIdem("key-2", "same", List.of("alice"));

        assertThat(store().findByIdempotencyKey("key-1", "same")).contains(one);
        assertThat(store().findByIdempotencyKey("key-2", "same")).contains(two);
        assertThat(store().findByIdempotencyKey("key-3", "same")).isEmpty();
    }

    @Test
    void insertsWithoutAnIdempotencyKeyNeverCollide() {
        account("alice");
        insertIdem("key-1", null, List.of("alice"));
        insertIdem("key-1", null, List.of("alice"));
        insertIdem(null, null, List.of("alice"));
        insertIdem(null, null, List.of("alice"));
        // without an API key (console, CLI) the key does not make rows collide either: NULLs are distinct
        insertIdem(null, "console", List.of("alice"));
        insertIdem(null, "console", List.of("alice"));

        assertThat(countRows("notifications")).isEqualTo(6);
    }

    // ---- pendingFor: direct --------------------------------------------------------------------------------------

    @Test
    void pendingForLegacyDeviceReturnsPendingDirectDeliveriesInSeqOrder() {
        account("alice");
        account("bob");
        Notification n1 = toUser("alice", 1);
        Notification n2 = toUser("alice", 2);
        Notification n3 = toUser("alice", 3);
        Notification n4 = toUser("alice", 4);
        toUser("bob", 5);
        apply(new Outcome("alice", n2.seq(), State.SENT), new Outcome("alice", n4.seq(), State.DELIVERED));

        assertThat(seqs(store().pendingFor("alice", false, 0, T0.plusSeconds(10), 100)))
                .containsExactly(n1.seq(), n3.seq());
    }

    @Test
    void pendingForAcknowledgingDeviceAlsoReturnsSentDeliveries() {
        account("alice");
        Notification n1 = toUser("alice", 1);
        Notification n2 = toUser("alice", 2);
        Notification n3 = toUser("alice", 3);
        Notification n4 = toUser("alice", 4);
        Notification n5 = toUser("alice", 5);
        apply(new Outcome("alice", n2.seq(), State.SENT), new Outcome("alice", n3.seq(), State.ACKED),
                new Outcome("alice", n4.seq(), State.FAILED));

        assertThat(store().pendingFor("alice", true, 0, T0.plusSeconds(10), 100))
                .extracting(Notification::seq).containsExactly(n1.seq(), n2.seq(), n5.seq());
        assertThat(store().pendingFor("alice", true, 0, T0.plusSeconds(10), 100).getFirst()).isEqualTo(n1);
    }

    @Test
    void pendingForExcludesExpiredDirectDeliveries() {
        account("alice");
        Notification shortLived = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(1), null, 1,
                Duration.ofSeconds(60));
        Notification longLived = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(2), null, 1,
                Duration.ofSeconds(600));
        apply(new Outcome("alice", longLived.seq(), State.SENT));

        assertThat(seqs(store().pendingFor("alice", true, 0, T0.plusSeconds(60), 100)))
                .containsExactly(shortLived.seq(), longLived.seq());
        // at its expiry instant it is no longer delivered
        assertThat(seqs(store().pendingFor("alice", true, 0, shortLived.expires(), 100)))
                .containsExactly(longLived.seq());
        assertThat(seqs(store().pendingFor("alice", true, 0, T0.plusSeconds(1000), 100))).isEmpty();
    }

    // ---- pendingFor: fan-out -------------------------------------------------------------------------------------

    @Test
    void pendingForReturnsBroadcastsAfterTheFanOutCursorOnly() {
        account("alice");
        Notification b1 = broadcast(1, null);
        Notification b2 = broadcast(2, null);
        Notification b3 = broadcast(3, null);

        assertThat(seqs(store().pendingFor("alice", false, 0, T0.plusSeconds(10), 100)))
                .containsExactly(b1.seq(), b2.seq(), b3.seq());
        assertThat(seqs(store().pendingFor("alice", false, b1.seq(), T0.plusSeconds(10), 100)))
                .containsExactly(b2.seq(), b3.seq());
        assertThat(seqs(store().pendingFor("alice", true, b3.seq(), T0.plusSeconds(10), 100))).isEmpty();
    }

    @Test
    void pendingForExcludesReplacedFanOutNotifications() {
        account("alice");
        broadcast(1, "weather");
        Notification newer = broadcast(2, "weather");
        Notification other = broadcast(3, "scores");

        assertThat(seqs(store().pendingFor("alice", false, 0, T0.plusSeconds(10), 100)))
                .containsExactly(newer.seq(), other.seq());
    }

    @Test
    void pendingForExcludesFanOutNotificationsExpiredAtNow() {
        account("alice");
        Notification shortLived = insert(new Target.All(), List.of(), T0.plusSeconds(1), null, 1, Duration.ofSeconds(60));
        Notification longLived = insert(new Target.Tag("news"), List.of(), T0.plusSeconds(2), null, 1,
                Duration.ofSeconds(600));
        devices().addTags("alice", List.of("news"));

        assertThat(seqs(store().pendingFor("alice", false, 0, T0.plusSeconds(30), 100)))
                .containsExactly(shortLived.seq(), longLived.seq());
        assertThat(seqs(store().pendingFor("alice", false, 0, shortLived.expires(), 100)))
                .containsExactly(longLived.seq());
    }

    @Test
    void pendingForExcludesFanOutNotificationsCreatedBeforeTheAccount() {
        account("alice", T0.plusSeconds(10));
        insert(new Target.All(), List.of(), T0.plusSeconds(5), null);
        Notification atCreation = insert(new Target.All(), List.of(), T0.plusSeconds(10), null);
        Notification after = insert(new Target.All(), List.of(), T0.plusSeconds(15), null);
        devices().addTags("alice", List.of("news"));
        insert(new Target.Tag("news"), List.of(), T0.plusSeconds(9), null);

        assertThat(seqs(store().pendingFor("alice", false, 0, T0.plusSeconds(20), 100)))
                .containsExactly(atCreation.seq(), after.seq());
    }

    @Test
    void pendingForReadsTagsAsTheyAreAtReadTime() {
        account("alice");
        Notification news = insert(new Target.Tag("news"), List.of(), T0.plusSeconds(1), null);
        insert(new Target.Tag("sports"), List.of(), T0.plusSeconds(2), null);
        Instant now = T0.plusSeconds(10);

        assertThat(store().pendingFor("alice", false, 0, now, 100)).isEmpty();

        devices().addTags("alice", List.of("news")); // tagged after the notification was sent
        assertThat(seqs(store().pendingFor("alice", false, 0, now, 100))).containsExactly(news.seq());

        devices().removeTags("alice", List.of("news"));
        assertThat(store().pendingFor("alice", false, 0, now, 100)).isEmpty();
    }

    @Test
    void pendingForOfAnUnknownAccountReturnsNoFanOutNotifications() {
        account("alice");
        broadcast(1, null);

        assertThat(store().pendingFor("nobody", true, 0, T0.plusSeconds(10), 100)).isEmpty();
    }

    @Test
    void pendingForRespectsTheLimit() {
        account("alice");
        List<Long> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(toUser("alice", i + 1).seq());
            all.add(broadcast(i + 1, null).seq());
        }

        assertThat(seqs(store().pendingFor("alice", false, 0, T0.plusSeconds(10), 3))).containsExactlyElementsOf(all.subList(0, 3));
        assertThat(seqs(store().pendingFor("alice", false, 0, T0.plusSeconds(10), 1))).containsExactly(all.getFirst());
        assertThat(store().pendingFor("alice", false, 0, T0.plusSeconds(10), 100)).hasSize(8);
    }

    @Test
    void pendingForMergesDirectAndFanOutNotificationsInSeqOrder() {
        account("alice");
        account("bob");
        devices().setTags("alice", List.of("news"));
        Notification d1 = toUser("alice", 1);
        Notification b1 = broadcast(2, null);
        Notification d2 = insert(new Target.Alias("me"), List.of("alice", "bob"), T0.plusSeconds(3), null);
        Notification t1 = insert(new Target.Tag("news"), List.of(), T0.plusSeconds(4), null);
        toUser("bob", 5);
        insert(new Target.Tag("sports"), List.of(), T0.plusSeconds(6), null);
        Notification d3 = insert(new Target.Users(List.of("bob", "alice")), List.of("bob", "alice"), T0.plusSeconds(7), null);
        Notification b2 = broadcast(8, null);

        List<Notification> pending = store().pendingFor("alice", false, 0, T0.plusSeconds(20), 100);

        assertThat(seqs(pending)).containsExactly(d1.seq(), b1.seq(), d2.seq(), t1.seq(), d3.seq(), b2.seq());
        assertThat(pending).containsExactly(d1, b1, d2, t1, d3, b2);
        // the cursor only filters fan-out; direct deliveries before it are still returned
        assertThat(seqs(store().pendingFor("alice", false, t1.seq(), T0.plusSeconds(20), 100)))
                .containsExactly(d1.seq(), d2.seq(), d3.seq(), b2.seq());
    }

    // ---- collapse ------------------------------------------------------------------------------------------------

    @Test
    void newerDirectNotificationCollapsesOlderPendingDeliveriesOfTheSameDeviceOnly() {
        for (String u : List.of("alice", "bob", "carol", "dave")) account(u);
        List<String> four = List.of("alice", "bob", "carol", "dave");
        Notification otherKey = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(1), "other");
        Notification noKey = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(1), null);
        Notification old = insert(new Target.Users(four), four, T0.plusSeconds(2), "score");
        apply(new Outcome("bob", old.seq(), State.SENT), new Outcome("carol", old.seq(), State.ACKED));

        Notification newer = insert(new Target.Users(List.of("alice", "bob", "carol")), List.of("alice", "bob", "carol"),
                T0.plusSeconds(3), "score");

        assertThat(deliveries(old.seq())).containsOnly(Map.entry("alice", "collapsed"), Map.entry("bob", "sent"),
                Map.entry("carol", "acked"), Map.entry("dave", "pending"));
        assertThat(deliveries(newer.seq())).containsOnly(Map.entry("alice", "pending"), Map.entry("bob", "pending"),
                Map.entry("carol", "pending"));
        assertThat(deliveries(otherKey.seq())).containsOnly(Map.entry("alice", "pending"));
        assertThat(deliveries(noKey.seq())).containsOnly(Map.entry("alice", "pending"));
        assertThat(seqs(store().pendingFor("alice", false, 0, T0.plusSeconds(10), 100)))
                .containsExactly(otherKey.seq(), noKey.seq(), newer.seq());
    }

    @Test
    void directCollapseLeavesFanOutNotificationsAlone() {
        account("alice");
        Notification b = broadcast(1, "score");

        insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(2), "score");

        assertThat(replacedBy(b.seq())).isNull();
    }

    @Test
    void newerFanOutNotificationReplacesTheOlderOneWithTheSameKeyAndTargetOnly() {
        account("alice");
        Notification allK = insert(new Target.All(), List.of(), T0.plusSeconds(1), "k");
        Notification newsK = insert(new Target.Tag("news"), List.of(), T0.plusSeconds(2), "k");
        Notification sportsK = insert(new Target.Tag("sports"), List.of(), T0.plusSeconds(3), "k");
        Notification allOther = insert(new Target.All(), List.of(), T0.plusSeconds(4), "other");
        Notification allNoKey = insert(new Target.All(), List.of(), T0.plusSeconds(5), null);
        Notification direct = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(6), "k");

        Notification allK2 = insert(new Target.All(), List.of(), T0.plusSeconds(7), "k");

        assertThat(replacedBy(allK.seq())).isEqualTo(allK2.seq());
        assertThat(replacedBy(newsK.seq())).isNull();
        assertThat(replacedBy(sportsK.seq())).isNull();
        assertThat(replacedBy(allOther.seq())).isNull();
        assertThat(replacedBy(allNoKey.seq())).isNull();
        assertThat(replacedBy(allK2.seq())).isNull();
        assertThat(deliveries(direct.seq())).containsOnly(Map.entry("alice", "pending"));

        Notification newsK2 = insert(new Target.Tag("news"), List.of(), T0.plusSeconds(8), "k");

        assertThat(replacedBy(newsK.seq())).isEqualTo(newsK2.seq());
        assertThat(replacedBy(sportsK.seq())).isNull();
        assertThat(replacedBy(allK2.seq())).isNull();

        Notification allK3 = insert(new Target.All(), List.of(), T0.plusSeconds(9), "k");

        // an already replaced notification keeps pointing at the one that replaced it first
        assertThat(replacedBy(allK.seq())).isEqualTo(allK2.seq());
        assertThat(replacedBy(allK2.seq())).isEqualTo(allK3.seq());
    }

    // ---- counts --------------------------------------------------------------------------------------------------

    @Test
    void countsOfADirectNotificationFollowTheDeliveryStates() {
        List<String> seven = List.of("a", "b", "c", "d", "e", "f", "g");
        for (String u : seven) account(u);
        Notification n = insert(new Target.Users(seven), seven, T0.plusSeconds(1), "k", 7, Duration.ofSeconds(60));
        apply(new Outcome("b", n.seq(), State.SENT), new Outcome("c", n.seq(), State.ACKED),
                new Outcome("d", n.seq(), State.DELIVERED), new Outcome("e", n.seq(), State.FAILED),
                new Outcome("f", n.seq(), State.EXPIRED));
        insert(new Target.User("g"), List.of("g"), T0.plusSeconds(2), "k"); // collapses g's delivery

        assertThat(store().counts(n, T0.plusSeconds(30)))
                .isEqualTo(new DeliveryCounts(7, 3, 1, 1, 2, 2));
    }

    @Test
    void countsOfADirectNotificationAfterExpiryCountWaitingDevicesAsExpired() {
        List<String> four = List.of("a", "b", "c", "d");
        for (String u : four) account(u);
        Notification n = insert(new Target.Users(four), four, T0.plusSeconds(1), null, 4, Duration.ofSeconds(60));
        apply(new Outcome("b", n.seq(), State.SENT), new Outcome("c", n.seq(), State.ACKED));
        Instant after = n.expires().plusSeconds(1);

        DeliveryCounts before = store().counts(n, after);
        assertThat(before).isEqualTo(new DeliveryCounts(4, 1, 1, 0, 3, 0));

        assertThat(store().expire(after)).isEqualTo(3);
        assertThat(store().counts(n, after)).isEqualTo(before);
    }

    @Test
    void countsOfAFanOutNotificationComeFromTheCountersAndTargeted() {
        account("alice");
        Notification n = insert(new Target.All(), List.of(), T0.plusSeconds(1), null, 10, Duration.ofSeconds(60));

        assertThat(store().counts(n, T0.plusSeconds(2))).isEqualTo(new DeliveryCounts(10, 0, 0, 0, 0, 10));

        store().apply(List.of(), Map.of(n.seq(), new int[] {4, 2, 1}), Map.of(), List.of());
        store().apply(List.of(), Map.of(n.seq(), new int[] {1, 1, 0}), Map.of(), List.of());

        assertThat(store().counts(n, T0.plusSeconds(2))).isEqualTo(new DeliveryCounts(10, 5, 3, 1, 0, 5));
        assertThat(store().counts(n, n.expires().plusSeconds(1))).isEqualTo(new DeliveryCounts(10, 5, 3, 1, 5, 0));
    }

    @Test
    void countsOfAFanOutNotificationNeverGoNegative() {
        account("alice");
        Notification n = insert(new Target.Tag("news"), List.of(), T0.plusSeconds(1), null, 1, Duration.ofSeconds(60));
        // devices tagged after sending received it too
        store().apply(List.of(), Map.of(n.seq(), new int[] {3, 3, 0}), Map.of(), List.of());

        assertThat(store().counts(n, T0.plusSeconds(2))).isEqualTo(new DeliveryCounts(1, 3, 3, 0, 0, 0));
    }

    /**
     * At the exact expiry instant the store no longer delivers a notification ({@code pendingFor} needs
     * {@code expires_at > now}) and {@code expire(now)} marks it expired ({@code expires_at <= now}); its counts
     * must say so too, before and after the sweep.
     */
    @Test
    void countsAgreeWithPendingForAndExpireAtTheExactExpiryInstant() {
        account("alice");
        Notification n = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(1), null, 1,
                Duration.ofSeconds(60));
        Instant atExpiry = n.expires();

        assertThat(store().pendingFor("alice", true, 0, atExpiry, 100)).isEmpty();
        DeliveryCounts beforeSweep = store().counts(n, atExpiry);
        assertThat(store().expire(atExpiry)).isEqualTo(1);
        DeliveryCounts afterSweep = store().counts(n, atExpiry);

        assertThat(afterSweep).isEqualTo(new DeliveryCounts(1, 0, 0, 0, 1, 0));
        assertThat(beforeSweep).isEqualTo(afterSweep);
    }

    // ---- apply ---------------------------------------------------------------------------------------------------

    @Test
    void applyMovesDeliveriesOnlyFromPendingOrSent() {
        account("alice");
        Notification n = toUser("alice", 1);

        apply(new Outcome("alice", n.seq(), State.SENT));
        assertThat(deliveries(n.seq())).containsOnly(Map.entry("alice", "sent"));
        apply(new Outcome("alice", n.seq(), State.ACKED));
        assertThat(deliveries(n.seq())).containsOnly(Map.entry("alice", "acked"));
        apply(new Outcome("alice", n.seq(), State.PENDING));
        apply(new Outcome("alice", n.seq(), State.SENT));
        apply(new Outcome("alice", n.seq(), State.FAILED));
        apply(new Outcome("alice", n.seq(), State.EXPIRED));
        assertThat(deliveries(n.seq())).containsOnly(Map.entry("alice", "acked"));
    }

    @Test
    void applyNeverMovesAFinalStateBack() {
        List<State> finals = List.of(State.ACKED, State.DELIVERED, State.FAILED, State.EXPIRED, State.COLLAPSED);
        Map<State, Notification> byState = new LinkedHashMap<>();
        for (State s : finals) {
            String user = "u-" + s.db();
            account(user);
            Notification n = insert(new Target.User(user), List.of(user), T0.plusSeconds(1), null);
            apply(new Outcome(user, n.seq(), s));
            byState.put(s, n);
        }
        for (Map.Entry<State, Notification> e : byState.entrySet()) {
            String user = "u-" + e.getKey().db();
            for (State to : State.values()) apply(new Outcome(user, e.getValue().seq(), to));
            // and all at once in one batch
            List<Outcome> batch = new ArrayList<>();
            for (State to : State.values()) batch.add(new Outcome(user, e.getValue().seq(), to));
            store().apply(batch, Map.of(), Map.of(), List.of());
        }

        for (Map.Entry<State, Notification> e : byState.entrySet()) {
            assertThat(deliveries(e.getValue().seq())).containsOnly(Map.entry("u-" + e.getKey().db(), e.getKey().db()));
        }
    }

    @Test
    void applyOfAnOutcomeForAMissingDeliveryChangesNothing() {
        account("alice");
        account("bob");
        Notification n = toUser("alice", 1);

        apply(new Outcome("bob", n.seq(), State.ACKED), new Outcome("alice", n.seq() + 1000, State.ACKED));

        assertThat(deliveries(n.seq())).containsOnly(Map.entry("alice", "pending"));
        assertThat(countRows("deliveries")).isEqualTo(1);
    }

    @Test
    void applyAddsUpFanOutCounterDeltas() {
        account("alice");
        Notification a = insert(new Target.All(), List.of(), T0.plusSeconds(1), null, 100);
        Notification b = insert(new Target.Tag("news"), List.of(), T0.plusSeconds(2), null, 100);

        Map<Long, int[]> first = new HashMap<>();
        first.put(a.seq(), new int[] {2, 1, 0});
        first.put(b.seq(), new int[] {5, 0, 5});
        store().apply(List.of(), first, Map.of(), List.of());
        store().apply(List.of(), Map.of(a.seq(), new int[] {3, 3, 1}), Map.of(), List.of());

        assertThat(counters(a.seq())).containsExactly(5, 4, 1);
        assertThat(counters(b.seq())).containsExactly(5, 0, 5);
    }

    @Test
    void applyMovesTheFanOutCursorOnlyForward() {
        account("alice");
        account("bob");
        devices().loadOrCreate("alice");
        devices().loadOrCreate("bob");

        store().apply(List.of(), Map.of(), Map.of("alice", 10L), List.of());
        assertThat(device("alice").fanoutCursor()).isEqualTo(10);
        store().apply(List.of(), Map.of(), Map.of("alice", 5L, "bob", 3L), List.of());
        assertThat(device("alice").fanoutCursor()).isEqualTo(10);
        assertThat(device("bob").fanoutCursor()).isEqualTo(3);
        store().apply(List.of(), Map.of(), Map.of("alice", 12L), List.of());
        assertThat(device("alice").fanoutCursor()).isEqualTo(12);
        assertThat(device("bob").fanoutCursor()).isEqualTo(3);
    }

    @Test
    void applyMovesTheCursorsOfMoreDevicesThanOneStatementNames() {
        Map<String, Long> cursors = new java.util.HashMap<>();
        for (int i = 0; i < 1_100; i++) {
            String u = "d" + i;
            account(u);
            devices().loadOrCreate(u);
            cursors.put(u, i == 7 ? 9L : 20L);
        }
        store().apply(List.of(), Map.of(), Map.of("d7", 30L), List.of());

        store().apply(List.of(), Map.of(), cursors, List.of());

        assertThat(device("d0").fanoutCursor()).isEqualTo(20);
        assertThat(device("d1099").fanoutCursor()).isEqualTo(20);
        assertThat(device("d7").fanoutCursor()).isEqualTo(30);
        long moved = java.util.stream.IntStream.range(0, 1_100).filter(i -> device("d" + i).fanoutCursor() == 20).count();
        assertThat(moved).isEqualTo(1_099);
    }

    @Test
    void applySetsTheAcknowledgesFlag() {
        account("alice");
        account("bob");
        devices().loadOrCreate("alice");
        devices().loadOrCreate("bob");

        store().apply(List.of(), Map.of(), Map.of(), List.of("alice"));
        store().apply(List.of(), Map.of(), Map.of(), List.of("alice"));

        assertThat(device("alice").acknowledges()).isTrue();
        assertThat(device("bob").acknowledges()).isFalse();
    }

    @Test
    void applyOfEverythingAtOnceIsOneBatch() {
        account("alice");
        devices().loadOrCreate("alice");
        Notification d = toUser("alice", 1);
        Notification b = broadcast(2, null);

        store().apply(List.of(new Outcome("alice", d.seq(), State.ACKED)), Map.of(b.seq(), new int[] {1, 1, 0}),
                Map.of("alice", b.seq()), List.of("alice"));

        assertThat(deliveries(d.seq())).containsOnly(Map.entry("alice", "acked"));
        assertThat(counters(b.seq())).containsExactly(1, 1, 0);
        assertThat(device("alice")).isEqualTo(new Device("alice", null, java.util.Set.of(), true, b.seq()));
        assertThat(store().pendingFor("alice", true, b.seq(), T0.plusSeconds(10), 100)).isEmpty();
    }

    @Test
    void applyOfNothingChangesNothing() {
        account("alice");
        Notification d = toUser("alice", 1);

        store().apply(List.of(), Map.of(), Map.of(), List.of());

        assertThat(deliveries(d.seq())).containsOnly(Map.entry("alice", "pending"));
    }

    // ---- expire and purge ----------------------------------------------------------------------------------------

    @Test
    void expireMarksPendingAndSentDeliveriesOfExpiredNotificationsAndReturnsTheCount() {
        for (String u : List.of("a", "b", "c", "d")) account(u);
        List<String> four = List.of("a", "b", "c", "d");
        Notification old = insert(new Target.Users(four), four, T0.plusSeconds(1), null, 4, Duration.ofSeconds(60));
        Notification young = insert(new Target.User("a"), List.of("a"), T0.plusSeconds(2), null, 1, Duration.ofSeconds(600));
        apply(new Outcome("b", old.seq(), State.SENT), new Outcome("c", old.seq(), State.ACKED),
                new Outcome("d", old.seq(), State.FAILED));

        assertThat(store().expire(old.expires().minusNanos(1_000))).isZero();
        assertThat(store().expire(old.expires())).isEqualTo(2);

        assertThat(deliveries(old.seq())).containsOnly(Map.entry("a", "expired"), Map.entry("b", "expired"),
                Map.entry("c", "acked"), Map.entry("d", "failed"));
        assertThat(deliveries(young.seq())).containsOnly(Map.entry("a", "pending"));
        assertThat(store().expire(old.expires().plusSeconds(1))).isZero();
        assertThat(store().expire(young.expires())).isEqualTo(1);
    }

    @Test
    void purgeDeletesOldNotificationsAndCascadesTheirDeliveries() {
        account("alice");
        account("bob");
        Notification old = insert(new Target.Users(List.of("alice", "bob")), List.of("alice", "bob"), T0.plusSeconds(1),
                null, 2, Duration.ofSeconds(60));
        Notification oldBroadcast = insert(new Target.All(), List.of(), T0.plusSeconds(1), null, 2, Duration.ofSeconds(60));
        Notification young = insert(new Target.User("alice"), List.of("alice"), T0.plusSeconds(2), null, 1,
                Duration.ofSeconds(600));

        assertThat(store().purge(old.expires())).isZero(); // strictly before
        assertThat(store().purge(old.expires().plusNanos(1_000))).isEqualTo(2);

        assertThat(store().findById(old.id())).isEmpty();
        assertThat(store().findById(oldBroadcast.id())).isEmpty();
        assertThat(deliveries(old.seq())).isEmpty();
        assertThat(store().findById(young.id())).contains(young);
        assertThat(deliveries(young.seq())).containsOnly(Map.entry("alice", "pending"));
        assertThat(store().history(null, 10)).containsExactly(young);
    }

    // ---- accounts ------------------------------------------------------------------------------------------------

    @Test
    void deletingAnAccountCascadesItsDeliveriesDeviceRowAndTags() {
        account("alice");
        account("bob");
        devices().setTags("alice", List.of("news", "sports"));
        devices().setAlias("alice", "me");
        devices().setTags("bob", List.of("news"));
        Notification n = insert(new Target.Users(List.of("alice", "bob")), List.of("alice", "bob"), T0.plusSeconds(1), null);
        Notification onlyAlice = toUser("alice", 2);

        assertThat(new JdbcAccountStore(jdbi()).delete("alice")).isTrue();

        assertThat(deliveries(n.seq())).containsOnly(Map.entry("bob", "pending"));
        assertThat(deliveries(onlyAlice.seq())).isEmpty();
        assertThat(devices().find("alice")).isEmpty();
        assertThat(countWhere("device_tags", "alice")).isZero();
        assertThat(countWhere("device_tags", "bob")).isEqualTo(1);
        assertThat(devices().find("bob")).isPresent();
        // the notifications themselves stay (history, counts)
        assertThat(store().findById(n.id())).isPresent();
        assertThat(store().findById(onlyAlice.id())).isPresent();
        assertThat(store().pendingFor("alice", true, 0, T0.plusSeconds(10), 100)).isEmpty();
    }

    // ---- target resolution helpers -------------------------------------------------------------------------------

    @Test
    void unknownAccountsAndCountAccountsSeeTheAccountsTable() {
        account("alice");
        account("bob");

        assertThat(store().unknownAccounts(List.of("alice", "zed", "bob", "yann"))).containsExactly("zed", "yann");
        assertThat(store().countAccounts()).isEqualTo(2);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    protected Jdbi jdbi() {
        return database().jdbi();
    }

    NotificationStore store() {
        return new NotificationStore(jdbi());
    }

    DeviceStore devices() {
        return new DeviceStore(jdbi());
    }

    void account(String name) {
        account(name, T0);
    }

    void account(String name, Instant created) {
        assertThat(new JdbcAccountStore(jdbi(), Clock.fixed(created, ZoneOffset.UTC)).create(name, CREDS, CREDS)).isTrue();
    }

    Device device(String name) {
        return devices().find(name).orElseThrow();
    }

    Notification insert(Target target, List<String> devices, Instant created, String collapseKey) {
        return insert(target, devices, created, collapseKey, target.fanOut() ? 1 : devices.size());
    }

    Notification insert(Target target, List<String> devices, Instant created, String collapseKey, int targeted) {
        return insert(target, devices, created, collapseKey, targeted, Duration.ofHours(1));
    }

    Notification insert(Target target, List<String> devices, Instant created, String collapseKey, int targeted,
            Duration ttl) {
        String id = "n-" + ids.incrementAndGet();
        NotificationRequest r = new NotificationRequest(target, "title " + id, "message " + id, null, Map.of("id", id),
                ttl, Priority.NORMAL, collapseKey);
        return store().insert(new NotificationStore.Draft(id, r, created, "api", null, devices, targeted));
    }

    NotificationStore.Draft draft(Target target, List<String> devices, String collapseKey) {
        String id = "n-" + ids.incrementAndGet();
        NotificationRequest r = new NotificationRequest(target, "title " + id, null, null, Map.of(), Duration.ofHours(1),
                Priority.NORMAL, collapseKey);
        return new NotificationStore.Draft(id, r, T0.plusSeconds(1), "api", null, devices, devices.size());
    }

    Notification insertIdem(String apiKey, String idempotencyKey, List<String> devices) {
        String id = "n-" + ids.incrementAndGet();
        NotificationRequest r = new NotificationRequest(new Target.User(devices.getFirst()), "t", null, null, Map.of(),
                Duration.ofHours(1), null, null);
        return store().insert(new NotificationStore.Draft(id, r, T0.plusSeconds(1), apiKey, idempotencyKey, devices,
                devices.size()));
    }

    Notification toUser(String user, int secondsAfterT0) {
        return insert(new Target.User(user), List.of(user), T0.plusSeconds(secondsAfterT0), null);
    }

    Notification broadcast(int secondsAfterT0, String collapseKey) {
        return insert(new Target.All(), List.of(), T0.plusSeconds(secondsAfterT0), collapseKey);
    }

    void apply(Outcome... outcomes) {
        store().apply(List.of(outcomes), Map.of(), Map.of(), List.of());
    }

    static List<Long> seqs(List<Notification> notifications) {
        return notifications.stream().map(Notification::seq).toList();
    }

    /** username → state of the deliveries of one notification. */
    Map<String, String> deliveries(long seq) {
        return jdbi().withHandle(h -> {
            Map<String, String> m = new LinkedHashMap<>();
            h.createQuery("SELECT username, state FROM deliveries WHERE notification_seq = :s ORDER BY username")
                    .bind("s", seq)
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> m.put(e.getKey(), e.getValue()));
            return m;
        });
    }

    Long replacedBy(long seq) {
        return jdbi().withHandle(h -> h.createQuery("SELECT replaced_by FROM notifications WHERE seq = :s")
                .bind("s", seq).map((rs, ctx) -> {
                    long v = rs.getLong(1);
                    return rs.wasNull() ? Optional.<Long>empty() : Optional.of(v);
                }).one().orElse(null));
    }

    int[] counters(long seq) {
        return jdbi().withHandle(h -> h.createQuery(
                        "SELECT delivered_count, acked_count, failed_count FROM notifications WHERE seq = :s")
                .bind("s", seq).map((rs, ctx) -> new int[] {rs.getInt(1), rs.getInt(2), rs.getInt(3)}).one());
    }

    int countRows(String table) {
        return jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table).mapTo(Integer.class).one());
    }

    int countWhere(String table, String username) {
        return jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table + " WHERE username = :u")
                .bind("u", username).mapTo(Integer.class).one());
    }

    static List<String> sqlStates(Throwable e) {
        List<String> states = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) states.add(s.getSQLState());
        }
        return states;
    }

    /** Empties every table, children first (for databases kept across tests). */
    static void emptyTables(Jdbi jdbi) {
        jdbi.useTransaction(h -> {
            for (String t : List.of("deliveries", "notifications", "device_tags", "devices", "accounts")) {
                h.execute("DELETE FROM " + t);
            }
        });
    }
}
