package org.xpush.server.console.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.session.SessionManager;

/**
 * Samples the node's figures every {@link #INTERVAL} (from the meter registry and the session manager), keeps the
 * last {@link #WINDOW} for the chart, and pushes each sample to the dashboards that are open, as server-sent events:
 * {@code history} (every kept sample) when a dashboard connects, then {@code figures} (one sample) each interval.
 *
 * <p>Rates are differences of the cumulative counters over the last minute, so they need no extra bookkeeping on
 * the delivery path. Thread-safe: one daemon thread samples and sends; SSE clients come and go on request threads.
 */
public final class LiveFigures implements AutoCloseable {

    /** How often a sample is taken and sent. */
    public static final Duration INTERVAL = Duration.ofSeconds(2);
    /** How much history the chart shows. */
    public static final Duration WINDOW = Duration.ofMinutes(10);

    private static final Logger log = LoggerFactory.getLogger(LiveFigures.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int KEPT = (int) (WINDOW.toMillis() / INTERVAL.toMillis());

    /** Cumulative values behind one sample. */
    private record Totals(long time, double accepted, double delivered, double acked, double latencyMs, long latencyCount) {}

    private final MeterRegistry metrics;
    private final SessionManager sessions;
    private final Instant started;
    private final Clock clock;
    private final ArrayDeque<Totals> totals = new ArrayDeque<>();
    private final ArrayDeque<Figures> samples = new ArrayDeque<>();
    private final List<SseClient> clients = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "xpush-console-figures");
        t.setDaemon(true);
        return t;
    });

    public LiveFigures(MeterRegistry metrics, SessionManager sessions, Instant started, Clock clock) {
        this.metrics = metrics;
        this.sessions = sessions;
        this.started = started;
        this.clock = clock;
    }

    /** Starts sampling. */
    public void start() {
        sample();
        long every = INTERVAL.toMillis();
        sampler.scheduleWithFixedDelay(() -> {
            try {
                Figures f = sample();
                broadcast("figures", f);
            } catch (RuntimeException e) {
                log.warn("console figures: sampling failed; trying again in {} ms", every, e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    /** The newest sample (taken now if none was yet). */
    public synchronized Figures current() {
        return samples.isEmpty() ? sample() : samples.peekLast();
    }

    /** Every kept sample, oldest first. */
    public synchronized List<Figures> history() {
        return new ArrayList<>(samples);
    }

    /** Keeps an SSE client open and sends it the history now and each new sample until it goes away. */
    public void subscribe(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        clients.add(client);
        send(client, "history", Map.of("points", history()));
    }

    synchronized Figures sample() {
        long now = clock.millis();
        Timer latency = metrics.find("xpush_delivery_latency").timer();
        Totals t = new Totals(now, count("xpush_notifications_accepted"), count("xpush_notifications_delivered"),
                count("xpush_notifications_acknowledged"),
                latency == null ? 0 : latency.totalTime(TimeUnit.MILLISECONDS), latency == null ? 0 : latency.count());
        totals.addLast(t);
        // the oldest sample within the last minute (or the oldest of all, in the first minute)
        while (totals.size() > 1 && totals.peekFirst().time() < now - 60_000) totals.removeFirst();
        Totals base = totals.peekFirst();
        long acks = t.latencyCount() - base.latencyCount();
        Runtime rt = Runtime.getRuntime();
        Figures f = new Figures(now, sessions.count(), (int) gauge("xpush_devices_online"),
                Math.round(t.accepted() - base.accepted()), Math.round(t.delivered() - base.delivered()),
                Math.round(t.acked() - base.acked()),
                acks > 0 ? (t.latencyMs() - base.latencyMs()) / acks : -1,
                rt.totalMemory() - rt.freeMemory(), rt.maxMemory(),
                Duration.between(started, Instant.ofEpochMilli(now)).toSeconds());
        samples.addLast(f);
        while (samples.size() > KEPT) samples.removeFirst();
        return f;
    }

    private double count(String name) {
        Counter c = metrics.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private double gauge(String name) {
        var g = metrics.find(name).gauge();
        return g == null ? 0 : g.value();
    }

    private void broadcast(String event, Object data) {
        for (SseClient c : clients) send(c, event, data);
    }

    private void send(SseClient client, String event, Object data) {
        if (client.terminated()) {
            clients.remove(client);
            return;
        }
        try {
            client.sendEvent(event, JSON.writeValueAsString(data));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("figures are plain records", e);
        } catch (RuntimeException e) {
            log.debug("console figures: a dashboard went away", e);
            clients.remove(client);
        }
    }

    /** Stops sampling and ends every open stream. */
    @Override
    public void close() {
        sampler.shutdownNow();
        for (SseClient c : clients) {
            try {
                c.close();
            } catch (RuntimeException e) {
                log.debug("console figures: closing a stream failed", e);
            }
        }
        clients.clear();
    }
}
