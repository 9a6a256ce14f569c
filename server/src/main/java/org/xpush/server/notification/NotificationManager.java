package org.xpush.server.notification;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.device.Device;
import org.xpush.server.device.DeviceService;
import org.xpush.server.device.DeviceStore;
import org.xpush.server.notification.NotificationStore.State;
import org.xpush.server.routing.IqResponseListener;
import org.xpush.server.session.ClientSession;
import org.xpush.server.session.PreparedIq;
import org.xpush.server.session.PresenceManager;
import org.xpush.server.session.SessionListener;
import org.xpush.server.work.BlockingWork;
import org.xpush.xmpp.xml.Element;

/**
 * The notification engine (the role of androidpn's NotificationManager): accepts a notification, stores it
 * durably, delivers it to every online session of every targeted device as the androidpn notification IQ,
 * records what became of it per device, and delivers what is left when a device comes back online.
 *
 * <p>Delivery rules (README "Delivery"): a device that acknowledges (the xpush SDK; any device that ever answered
 * a notification IQ or declared it with the device IQ) keeps a notification until it answers it; a legacy
 * androidpn device, which never answers, has it counted as delivered once written to its connection. A device
 * receives its backlog after its initial available presence, oldest first.
 *
 * <p>Threads: {@link #accept} and {@link #status} block (JDBC); the session, presence and IQ hooks run on
 * event loops and never block.
 */
public final class NotificationManager implements SessionListener, PresenceManager.Listener, IqResponseListener,
        DeviceService.Listener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotificationManager.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Notifications read per backlog page. */
    static final int PAGE = 500;

    private final String domain;
    private final NotificationStore store;
    private final DeviceStore devices;
    private final BlockingWork work;
    private final Clock clock;
    private final DeliveryRecorder recorder;
    private final NotificationWriter writer;
    /** One thread: broadcasts reach each device in seq order. */
    private final ExecutorService fanout =
            Executors.newSingleThreadExecutor(Thread.ofPlatform().name("xpush-fanout").daemon(true).factory());
    private final Map<String, OnlineDevice> online = new ConcurrentHashMap<>();

    private final Counter accepted;
    private final Counter delivered;
    private final Counter acknowledged;
    private final Counter failed;
    private final Counter expired;
    private final Timer latency;

    public NotificationManager(String domain, NotificationStore store, DeviceStore devices, BlockingWork work,
            MeterRegistry metrics, Clock clock) {
        this.domain = domain;
        this.store = store;
        this.devices = devices;
        this.work = work;
        this.clock = clock;
        this.recorder = new DeliveryRecorder(store);
        this.writer = new NotificationWriter(store, this::route, metrics);
        this.accepted = Counter.builder("xpush_notifications_accepted").description("notifications accepted").register(metrics);
        this.delivered = Counter.builder("xpush_notifications_delivered").description("per-device deliveries (acknowledged, failed, or written to a legacy device)").register(metrics);
        this.acknowledged = Counter.builder("xpush_notifications_acknowledged").description("per-device acknowledgements").register(metrics);
        this.failed = Counter.builder("xpush_notifications_failed").description("per-device error answers").register(metrics);
        this.expired = Counter.builder("xpush_notifications_expired").description("per-device deliveries that expired").register(metrics);
        this.latency = Timer.builder("xpush_delivery_latency").description("from acceptance to acknowledgement (or to the write, for legacy devices)")
                .publishPercentileHistogram().register(metrics);
    }

    // ---- accepting ---------------------------------------------------------------------------------------------

    /** The outcome of {@link #accept}: the stored notification, and false when an idempotent retry found it. */
    public record Accepted(Notification notification, boolean created) {}

    /**
     * Stores the notification (durably: when this returns it survives a crash), then hands it to the targeted
     * devices that are online. With an idempotency key, a retry returns the notification the first call stored.
     * Blocks.
     *
     * @throws UnknownUsersException when a user or users target names accounts that do not exist
     * @throws StoppingException     when the server is stopping
     */
    public Accepted accept(NotificationRequest request, String apiKeyId, String idempotencyKey) {
        AcceptedBatch batch = acceptAll(List.of(request), apiKeyId, idempotencyKey);
        return new Accepted(batch.notifications().get(0), batch.created());
    }

    /** The outcome of {@link #acceptAll}: the stored notifications in request order, false for a replayed retry. */
    public record AcceptedBatch(List<Notification> notifications, boolean created) {}

    /**
     * Stores several notifications, all or none, in one transaction, then hands each to its online devices. With
     * an idempotency key, a retry returns the notifications the first call stored (the key is recorded on each,
     * with its position). Blocks.
     *
     * @throws UnknownUsersException when a user or users target names accounts that do not exist
     * @throws StoppingException     when the server is stopping
     */
    public AcceptedBatch acceptAll(List<NotificationRequest> requests, String apiKeyId, String idempotencyKey) {
        List<String> keys = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            keys.add(idempotencyKey == null ? null : requests.size() == 1 ? idempotencyKey : batchKey(idempotencyKey, i));
        }
        if (idempotencyKey != null) {
            Optional<List<Notification>> earlier = earlier(apiKeyId, keys);
            if (earlier.isPresent()) return new AcceptedBatch(earlier.get(), false);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<NotificationStore.Draft> drafts = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) drafts.add(draft(requests.get(i), now, apiKeyId, keys.get(i)));
        List<Notification> stored;
        try {
            stored = writer.writeAll(drafts); // routed to the online devices by the writer, in seq order
        } catch (UnableToExecuteStatementException e) {
            // a concurrent retry with the same Idempotency-Key won the race
            if (idempotencyKey != null) {
                Optional<List<Notification>> earlier = earlier(apiKeyId, keys);
                if (earlier.isPresent()) return new AcceptedBatch(earlier.get(), false);
            }
            throw e;
        }
        accepted.increment(stored.size());
        if (log.isDebugEnabled()) {
            for (Notification n : stored) {
                log.debug("accepted notification {} for {} {} ({} devices)", n.id(), n.target().kind(), n.target().value(),
                        n.targeted());
            }
        }
        return new AcceptedBatch(stored, true);
    }

    /** The idempotency key recorded on the i-th notification of a batch request with key {@code key}. */
    static String batchKey(String key, int i) {
        return "batch:" + key + ":" + i;
    }

    /** What an earlier request with these idempotency keys stored, if it did (a batch is stored whole or not at all). */
    private Optional<List<Notification>> earlier(String apiKeyId, List<String> keys) {
        List<Notification> found = new ArrayList<>(keys.size());
        for (String k : keys) {
            Optional<Notification> n = store.findByIdempotencyKey(apiKeyId, k);
            if (n.isEmpty()) return Optional.empty();
            found.add(n.get());
        }
        return Optional.of(found);
    }

    /** The request resolved to its devices (user, users, alias) or its device count (tag, all), ready to store. */
    private NotificationStore.Draft draft(NotificationRequest request, Instant created, String apiKeyId, String key) {
        List<String> direct = switch (request.target()) {
            case Target.User u -> List.of(u.name());
            case Target.Users us -> us.names().stream().distinct().toList();
            case Target.Alias a -> devices.usernamesWithAlias(a.alias());
            case Target.Tag t -> List.of();
            case Target.All all -> List.of();
        };
        int targeted = switch (request.target()) {
            case Target.Tag t -> devices.countWithTag(t.tag());
            case Target.All all -> store.countAccounts();
            default -> direct.size();
        };
        return new NotificationStore.Draft(newId(), request, created, apiKeyId, key, direct, targeted);
    }

    /**
     * Hands a freshly stored notification to the online devices it targets. Called by the writer in seq order;
     * a broadcast or tag notification, which visits every online device, is handed to the fan-out thread (in
     * order too), so that it does not hold up the next commit.
     */
    private void route(Notification n, List<String> direct) {
        OnlineDevice.Queued q = new OnlineDevice.Queued(n, NotificationIq.sharedPayload(n), true);
        switch (n.target()) {
            case Target.All all -> fanOut(() -> online.values().forEach(d -> offer(d, q)));
            case Target.Tag t -> fanOut(() -> online.values().stream().filter(d -> d.hasTag(t.tag())).forEach(d -> offer(d, q)));
            default -> {
                for (String u : direct) {
                    OnlineDevice d = online.get(u);
                    if (d != null) offer(d, q);
                }
            }
        }
    }

    private void fanOut(Runnable visit) {
        try {
            fanout.execute(visit);
        } catch (RejectedExecutionException e) {
            // stopping: the notification is stored, and devices get it from their backlog at their next login
            log.debug("not routing a broadcast while stopping");
        }
    }

    private void offer(OnlineDevice d, OnlineDevice.Queued q) {
        d.enqueue(q);
        pump(d);
    }

    // ---- sending -----------------------------------------------------------------------------------------------

    /** Sends what the device may receive now, in order. Any thread; never blocks. */
    private void pump(OnlineDevice d) {
        // One thread pumps a device at a time (taking and writing must not interleave, or order is lost); a
        // caller that finds it busy leaves the work to the thread that is pumping.
        if (!d.startPump()) return;
        do {
            Instant now = clock.instant();
            OnlineDevice.Next next;
            while ((next = d.next(now)) != null) {
                Notification n = next.queued().notification();
                if (next.expired()) {
                    if (!n.target().fanOut()) recorder.direct(d.username, n.seq(), State.EXPIRED);
                    expired.increment();
                    continue;
                }
                send(d, next, n);
            }
        } while (!d.finishPump());
        if (d.startReloadIfDrained()) load(d);
    }

    private void send(OnlineDevice d, OnlineDevice.Next next, Notification n) {
        boolean awaitAck = next.awaitAck();
        if (awaitAck && !n.target().fanOut()) recorder.direct(d.username, n.seq(), State.SENT);
        boolean[] counted = {false};
        for (ClientSession s : next.sessions()) {
            PreparedIq iq = NotificationIq.iq(n, next.queued().payload(), domain, s.jid());
            if (awaitAck) {
                s.deliver(iq, null);
                continue;
            }
            // legacy device: delivered once written to one of its connections
            s.deliver(iq, ok -> {
                if (!ok || counted[0]) return;
                counted[0] = true;
                d.done(n.seq(), next.queued().live());
                if (n.target().fanOut()) {
                    recorder.fanout(n.seq(), false, false);
                    recorder.cursor(d.username, n.seq());
                } else {
                    recorder.direct(d.username, n.seq(), State.DELIVERED);
                }
                delivered.increment();
                latency.record(Duration.between(n.created(), clock.instant()));
            });
        }
    }

    /** Reads the device's backlog off the event loop, then starts sending. */
    private void load(OnlineDevice d) {
        work.run("notification backlog of " + d.username, () -> {
            // the recorder may hold a newer cursor than the database (it writes them once a broadcast is over);
            // read it first: it leaves the map only after its write committed, so the read below then sees it
            long pendingCursor = recorder.pendingCursor(d.username);
            Optional<Device> device = devices.loadOrCreate(d.username);
            if (device.isEmpty()) { // the account was deleted meanwhile
                d.loaded(null, false);
                return;
            }
            Device dev = device.get();
            // page by seq: the outcomes of the previous page may not be written yet (DeliveryRecorder batches them)
            long cursor = Math.max(dev.fanoutCursor(), pendingCursor);
            List<Notification> backlog = store.pendingFor(d.username, dev.acknowledges(), cursor,
                    d.loadedUpTo(), clock.instant(), PAGE);
            for (Notification n : backlog) d.enqueue(new OnlineDevice.Queued(n, NotificationIq.sharedPayload(n), false));
            if (!backlog.isEmpty()) d.pageRead(backlog.get(backlog.size() - 1).seq());
            d.loaded(dev, backlog.size() == PAGE);
            if (!backlog.isEmpty()) log.debug("device {} has {} waiting notifications", d.username, backlog.size());
            pump(d);
        });
    }

    // ---- hooks from sessions, presence, IQ answers, device changes ----------------------------------------------

    /** Initial presence: the session may receive notifications; the first session of a device loads its backlog. */
    @Override
    public void becameAvailable(ClientSession session) {
        boolean[] first = {false};
        // add the session inside compute: a concurrent sessionEnded must not drop the device we add to
        OnlineDevice d = online.compute(session.username(), (u, existing) -> {
            OnlineDevice device = existing;
            if (device == null) {
                first[0] = true;
                device = new OnlineDevice(u);
            }
            device.addSession(session);
            return device;
        });
        if (first[0]) {
            load(d);
        } else {
            pump(d);
        }
    }

    @Override
    public void sessionEnded(ClientSession session) {
        online.computeIfPresent(session.username(), (u, d) -> d.removeSession(session) ? null : d);
    }

    /** A device answered a notification IQ: a result acknowledges it, an error fails it. */
    @Override
    public void onResponse(ClientSession from, Element iq) {
        String id = iq.attribute("id");
        OnlineDevice d = online.get(from.username());
        if (id == null || d == null) return;
        Notification n = d.answered(id);
        if (n == null) return;
        boolean ok = "result".equals(iq.attribute("type"));
        Device device = d.device();
        if (n.target().fanOut()) {
            recorder.fanout(n.seq(), ok, !ok);
            recorder.cursor(d.username, d.fanoutCursor());
        } else {
            recorder.direct(d.username, n.seq(), ok ? State.ACKED : State.FAILED);
        }
        delivered.increment();
        if (ok) {
            acknowledged.increment();
            latency.record(Duration.between(n.created(), clock.instant()));
        } else {
            failed.increment();
        }
        if (device != null && !device.acknowledges()) recorder.acknowledging(d.username);
        pump(d);
    }

    @Override
    public void deviceChanged(Device device) {
        OnlineDevice d = online.get(device.username());
        if (d != null) {
            d.changed(device);
            pump(d);
        }
    }

    // ---- status --------------------------------------------------------------------------------------------------

    /** A notification and what became of it. */
    public record Status(Notification notification, DeliveryCounts counts) {}

    /** The notification with this id and its counts. Blocks. */
    public Optional<Status> status(String id) {
        Instant now = clock.instant();
        return store.findById(id).map(n -> new Status(n, store.counts(n, now)));
    }

    /** Whether the device has an available session, so that a notification accepted now reaches it at once. */
    public boolean isOnline(String username) {
        return online.containsKey(username);
    }

    /** Number of devices online (with at least one available session). */
    public int onlineDevices() {
        return online.size();
    }

    /** Stores the notifications still queued for writing, then writes pending delivery outcomes (shutdown). */
    @Override
    public void close() {
        writer.close();
        fanout.close(); // waits for the broadcasts already handed over
        recorder.close();
    }

    /**
     * How long after a notification's expiry its deliveries are left alone by the sweep. A device may be sent a
     * notification just before it expires (with {@code ttl: 0}, at the moment it expires) and acknowledge it just
     * after; the recorder writes that state up to a flush later. Marking such a delivery expired first would
     * count an acknowledged notification as expired (the first final state wins).
     */
    static final Duration EXPIRY_GRACE = Duration.ofSeconds(5);

    /** Runs the expiry job once: marks expired deliveries and deletes notifications past retention. Blocks. */
    public void sweep(Duration retention) {
        Instant now = clock.instant();
        int marked = store.expire(now.minus(EXPIRY_GRACE));
        int purged = store.purge(now.minus(retention));
        if (marked > 0) expired.increment(marked);
        if (marked + purged > 0) log.info("expiry sweep: {} deliveries expired, {} notifications purged", marked, purged);
    }

    /**
     * A new public id: 96 random bits as 16 characters of base64url, never starting with {@code -}, so that an id
     * passed on a command line ({@code xpush status ID}) is never taken for an option.
     */
    static String newId() {
        byte[] b = new byte[12];
        String id;
        do {
            RANDOM.nextBytes(b);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        } while (id.charAt(0) == '-');
        return id;
    }
}
