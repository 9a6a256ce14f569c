package org.xpush.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.xpush.bench.api.PushApi;
import org.xpush.bench.server.ServerUnderTest;
import org.xpush.bench.stats.CpuMeter;
import org.xpush.bench.stats.Percentiles;
import org.xpush.bench.stats.ReceiptMatcher;
import org.xpush.bench.stats.Samples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code unicast} (alias {@code latency}, its former name): N devices online; R notifications per second, each to one random device, for T seconds, on a
 * fixed schedule (open loop: a slow answer does not delay the next request, up to {@code --max-in-flight}).
 * Latency runs from just before the POST is handed to the HTTP client to when the device read the notification
 * IQ, both on this process's monotonic clock. With {@code --per-request K}, every K/R seconds one
 * {@code POST /api/v1/notifications/batch} carries K notifications, each to its own random device, and each one's
 * latency runs from that request's start. After the load, waits up to {@code --drain} seconds for the rest;
 * lost = accepted − received.
 */
@Command(name = "unicast", aliases = "latency", mixinStandardHelpOptions = true,
        description = "End-to-end latency from POST to device receipt, N online devices, R notifications/s.")
public final class UnicastScenario extends OnlineDevicesScenario {

    @Option(names = "--rate", paramLabel = "R", description = "notifications per second (default: ${DEFAULT-VALUE})")
    double rate = 200;

    @Option(names = "--seconds", paramLabel = "T", description = "measured time (default: ${DEFAULT-VALUE})")
    double seconds = 10;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "unmeasured load before (default: ${DEFAULT-VALUE})")
    double warmup = 3;

    @Option(names = "--drain", paramLabel = "SECONDS", description = "longest wait for the last notifications (default: ${DEFAULT-VALUE})")
    double drain = 15;

    @Option(names = "--per-request", paramLabel = "K",
            description = "notifications per request; above 1 through POST /api/v1/notifications/batch (default: ${DEFAULT-VALUE})")
    int perRequest = 1;

    @Option(names = "--max-in-flight", paramLabel = "N", description = "requests awaiting an answer at most (default: ${DEFAULT-VALUE})")
    int maxInFlight = 256;

    /** The JSON line. */
    public record Result(String scenario, String server, int devices, double rate, int perRequest, double seconds, long sent,
            long accepted, long errors, long received, long lost, long duplicates, int droppedDevices,
            double acceptedPerSecond, double deliveredPerSecond, Percentiles latencyMs, Percentiles postMs, CpuMeter.Usage cpu,
            WriterLoad writer, Setup setup) {}

    /**
     * The server's group commits while the load ran, from its {@code xpush_notification_commit*} meters: how many,
     * their mean time and size, and the share of the time the writer thread spent committing ({@code busy}; near 1
     * it is the limit and requests queue). Null when the server has no such meters.
     */
    public record WriterLoad(long commits, double meanCommitMs, double notificationsPerCommit, double busy) {
        static final String[] METERS = {"xpush_notification_commit_seconds_count", "xpush_notification_commit_seconds_sum",
                "xpush_notification_commit_size_sum"};

        static WriterLoad between(double[] before, double[] after, double seconds) {
            for (int i = 0; i < METERS.length; i++) {
                if (Double.isNaN(before[i]) || Double.isNaN(after[i])) return null;
            }
            long commits = Math.round(after[0] - before[0]);
            double busySeconds = after[1] - before[1];
            if (commits <= 0) return new WriterLoad(0, 0, 0, 0);
            return new WriterLoad(commits, round(1000 * busySeconds / commits),
                    round((after[2] - before[2]) / commits), round(busySeconds / seconds));
        }
    }

    /** Pairs accepted notifications with their receipts (unicast: one device each). */
    private final ReceiptMatcher receipts = new ReceiptMatcher();

    @Override
    Object run() throws Exception {
        if (rate <= 0) throw new IllegalArgumentException("--rate must be > 0");
        if (perRequest < 1 || perRequest > 500) throw new IllegalArgumentException("--per-request must be 1 to 500");
        return withOnlineDevices(this::received, this::measure);
    }

    private Result measure(OnlineDevices ready) throws Exception {
        ServerUnderTest sut = ready.sut();
        PushApi api = ready.api();
        List<String> online = Arrays.stream(ready.made().online())
                .mapToObj(i -> ready.accounts().get(i).username())
                .toList();

        progress("warming up for %.1f s at %.0f/s", warmup, rate);
        Phase warm = load(api, online, warmup);
        await(warm, Duration.ofSeconds((long) drain));

        progress("measuring for %.1f s at %.0f/s", seconds, rate);
        long duplicatesBefore = receipts.duplicates();
        CpuMeter cpu = new CpuMeter(sut::cpuNanos);
        double[] commitsBefore = api.metrics(WriterLoad.METERS);
        cpu.start();
        Phase measured = load(api, online, seconds);
        CpuMeter.Usage usage = cpu.stop();
        WriterLoad writer = WriterLoad.between(commitsBefore, api.metrics(WriterLoad.METERS), measured.elapsedSeconds);
        await(measured, Duration.ofSeconds((long) drain));

        long accepted = receipts.accepted(measured.tally);
        long received = receipts.received(measured.tally);
        return new Result("unicast", sut.kind(), online.size(), rate, perRequest, round(measured.elapsedSeconds),
                measured.sent, accepted, measured.errors.get(), received, accepted - received,
                receipts.duplicates() - duplicatesBefore, ready.fleet().droppedAfterReady(),
                round(accepted / measured.elapsedSeconds), round(received / measured.elapsedSeconds),
                measured.tally.latency().percentiles(), measured.post.percentiles(), usage, writer, Setup.of(ready.made()));
    }

    /** Device callback (event loops). */
    private void received(int device, String id, long nanos) {
        receipts.received(id, nanos);
    }

    /** What one load phase sent. */
    private static final class Phase {
        final ReceiptMatcher.Tally tally;
        final Samples post = new Samples();
        final AtomicLong errors = new AtomicLong();
        long sent;
        double elapsedSeconds;

        Phase(ReceiptMatcher.Tally tally) {
            this.tally = tally;
        }
    }

    /** Sends at {@link #rate} for {@code secs}, then waits (bounded) for every answer. */
    private Phase load(PushApi api, List<String> online, double secs) throws InterruptedException {
        Phase phase = new Phase(receipts.phase());
        Semaphore inFlight = new Semaphore(maxInFlight);
        long period = (long) (1e9 * perRequest / rate);
        long start = System.nanoTime();
        long end = start + (long) (secs * 1e9);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (long i = 0; ; i++) {
            long due = start + i * period;
            if (due >= end) break;
            long wait = due - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) throw new IllegalStateException("no answer for 30 s");
            List<String> bodies = new ArrayList<>(perRequest);
            for (int k = 0; k < perRequest; k++) bodies.add(PushApi.toUser(online.get(random.nextInt(online.size())), "latency"));
            long t0 = System.nanoTime();
            phase.sent += perRequest;
            CompletableFuture<PushApi.Response> answer =
                    perRequest == 1 ? api.sendAsync(bodies.get(0)) : api.sendBatchAsync(bodies);
            answer.whenComplete((r, failure) -> {
                long t1 = System.nanoTime();
                inFlight.release();
                List<String> ids = failure != null ? List.of() : perRequest == 1 ? idOf(r) : r.ids();
                if (ids.size() == perRequest) {
                    receipts.accepted(phase.tally, ids, t0);
                    phase.post.add(t1 - t0);
                } else {
                    phase.errors.addAndGet(perRequest);
                }
            });
        }
        phase.elapsedSeconds = (System.nanoTime() - start) / 1e9;
        if (!inFlight.tryAcquire(maxInFlight, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered 60 s after the load");
        }
        return phase;
    }

    private static List<String> idOf(PushApi.Response r) {
        String id = r.id();
        return id == null ? List.of() : List.of(id);
    }

    /** Waits until every accepted notification of the phase arrived, or the timeout. */
    private void await(Phase phase, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (receipts.received(phase.tally) < receipts.accepted(phase.tally) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
        }
    }
}
