package org.xpush.bench.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;
import org.xpush.bench.api.PushApi;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.server.ServerUnderTest;
import org.xpush.bench.stats.CpuMeter;
import org.xpush.bench.stats.Percentiles;
import org.xpush.bench.stats.SpeedProbe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fanout}: one broadcast ({@code "to":{"all":true}}) to N online devices. Measures, from just before the
 * POST: the answer (202), each device's receipt (p50/p99/max, and the last one = all received), and when the
 * server's status counts show every online device's acknowledgement (polled every 5 ms, and acks are written in
 * batches every 20 ms, so that figure has that much slack). Warm-up broadcasts go first, unmeasured.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true,
        description = "One broadcast to N online devices: time until all received and all acknowledged.")
public final class FanoutScenario extends OnlineDevicesScenario {

    @Option(names = "--warmup", paramLabel = "B", description = "unmeasured broadcasts before (default: ${DEFAULT-VALUE})")
    int warmup = 1;

    /**
     * Longer than the 10 s after which the server drops an idle connection's parser: the measured broadcast then
     * reaches devices that were quiet, as a real one does, and the server decodes their acks on fresh parsers.
     */
    @Option(names = "--pause", paramLabel = "SECONDS", description = "quiet time after each warm-up broadcast, so that "
            + "the JIT compilers of server and generator finish what it made hot (default: ${DEFAULT-VALUE})")
    double pause = 12;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "longest wait for receipts and acks (default: ${DEFAULT-VALUE})")
    int timeout = 60;

    /** The JSON line. */
    public record Result(String scenario, String server, int devices, double postMs, long received, long lost,
            long duplicates, double allReceivedMs, double allAcknowledgedMs, Percentiles latencyMs,
            List<Double> warmupAllReceivedMs,
            Map<String, Long> counts, CpuMeter.Usage cpu, double speedProbeMs, Setup setup) {}

    /** Receipts of one broadcast: per device, the receive time (0 = not yet). */
    private final class Broadcast {
        final AtomicLongArray at = new AtomicLongArray(devices);
        final CountDownLatch all;

        Broadcast(int expected) {
            all = new CountDownLatch(expected);
        }
    }

    private final Map<String, Broadcast> broadcasts = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private volatile int expected;

    @Override
    Object run() throws Exception {
        return withOnlineDevices(this::received, this::measure);
    }

    private Result measure(OnlineDevices ready) throws Exception {
        ServerUnderTest sut = ready.sut();
        DeviceFleet.Outcome made = ready.made();
        PushApi api = ready.api();
        expected = made.online().length;
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < warmup; i++) {
            progress("warm-up broadcast %d of %d", i + 1, warmup);
            Measured w = broadcast(api, "warmup");
            warm.add(allReceived(w));
            // the generator's own housekeeping, in the quiet time: a young collection of the generator during the
            // measured broadcast would stop its event loops and count as server latency
            System.gc();
            Thread.sleep(Math.round(pause * 1000));
            SpeedProbe.measureMs(); // unmeasured: so that the probe before the measured broadcast runs compiled
        }
        // the machine's speed just before: the broadcast is bound by CPU, and the cores' speed varies
        double speed = SpeedProbe.measureMs();
        progress("measured broadcast to %d devices", expected);
        long dupBefore = duplicates.get();
        CpuMeter cpu = new CpuMeter(sut::cpuNanos);
        cpu.start();
        Measured m = broadcast(api, "fanout");
        CpuMeter.Usage usage = cpu.stop();
        long[] latencies = Arrays.stream(m.receipts).filter(t -> t > 0).map(t -> t - m.start).toArray();
        return new Result("fanout", sut.kind(), expected, ms(m.answered - m.start), latencies.length,
                expected - latencies.length, duplicates.get() - dupBefore,
                allReceived(m),
                m.acknowledged > 0 ? ms(m.acknowledged - m.start) : -1,
                Percentiles.ofNanos(latencies), warm, m.counts, usage, speed, Setup.of(ready.made()));
    }

    /** When the last online device received it, in ms from the POST; -1 when some never did. */
    private double allReceived(Measured m) {
        long last = 0;
        int received = 0;
        for (long t : m.receipts) {
            if (t == 0) continue;
            received++;
            last = Math.max(last, t - m.start);
        }
        return received == expected ? ms(last) : -1;
    }

    /** What one broadcast measured, as {@link System#nanoTime()} instants (0 = never). */
    private record Measured(long start, long answered, long[] receipts, long acknowledged, Map<String, Long> counts) {}

    private Measured broadcast(PushApi api, String title) throws Exception {
        long start = System.nanoTime();
        PushApi.Response r = api.send(PushApi.toAll(title));
        long answered = System.nanoTime();
        String id = r.id();
        if (id == null) throw new IllegalStateException("broadcast refused: HTTP " + r.status() + " " + r.body());
        Broadcast b = tracker(id);
        long deadline = start + TimeUnit.SECONDS.toNanos(timeout);
        b.all.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        long[] receipts = new long[devices];
        for (int i = 0; i < devices; i++) receipts[i] = b.at.get(i);
        // the server's view: every online device acknowledged (counted from its batched writes)
        long acknowledged = 0;
        Map<String, Long> counts = Map.of();
        while (System.nanoTime() < deadline) {
            JsonNode c = api.status(id).path("counts");
            counts = counts(c);
            if (c.path("acknowledged").asLong() >= expected) {
                acknowledged = System.nanoTime();
                break;
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        return new Measured(start, answered, receipts, acknowledged, counts);
    }

    private Broadcast tracker(String id) {
        return broadcasts.computeIfAbsent(id, k -> new Broadcast(expected));
    }

    /** Device callback (event loops); a receipt may come before the POST's answer. */
    private void received(int device, String id, long nanos) {
        Broadcast b = tracker(id);
        if (b.at.compareAndSet(device, 0, nanos)) {
            b.all.countDown();
        } else {
            duplicates.incrementAndGet();
        }
    }

    private static Map<String, Long> counts(JsonNode c) {
        Map<String, Long> out = new LinkedHashMap<>();
        c.fieldNames().forEachRemaining(f -> out.put(f, c.path(f).asLong()));
        return out;
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
