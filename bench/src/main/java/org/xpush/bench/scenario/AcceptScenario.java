package org.xpush.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.xpush.bench.api.PushApi;
import org.xpush.bench.cli.FleetOptions;
import org.xpush.bench.cli.ServerOptions;
import org.xpush.bench.device.DeviceAccount;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.device.DeviceProtocol;
import org.xpush.bench.server.ServerUnderTest;
import org.xpush.bench.stats.CpuMeter;
import org.xpush.bench.stats.Percentiles;
import org.xpush.bench.stats.Samples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code accept}: how many notifications per second the API accepts (202 = durably stored), with C clients
 * sending back to back for T seconds. The targets are existing accounts that are offline, so no delivery work is
 * included; with {@code --batch B} each request names B users ({@code "to":{"users":[…]}}); with
 * {@code --per-request K} each request carries K notifications through {@code POST /api/v1/notifications/batch}.
 */
@Command(name = "accept", mixinStandardHelpOptions = true,
        description = "Notifications accepted per second through POST /api/v1/notifications (offline targets).")
public final class AcceptScenario extends Scenario {

    @Mixin
    ServerOptions server;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--clients", paramLabel = "C", description = "concurrent HTTP clients (default: ${DEFAULT-VALUE})")
    int clients = 16;

    @Option(names = "--seconds", paramLabel = "T", description = "measured time (default: ${DEFAULT-VALUE})")
    double seconds = 10;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "unmeasured load before (default: ${DEFAULT-VALUE})")
    double warmup = 3;

    @Option(names = "--users", paramLabel = "M", description = "offline accounts the notifications go to (default: ${DEFAULT-VALUE})")
    int users = 100;

    @Option(names = "--batch", paramLabel = "B", description = "users named per request (default: ${DEFAULT-VALUE}: {\"user\": …})")
    int batch = 1;

    @Option(names = "--per-request", paramLabel = "K",
            description = "notifications per request; above 1 through POST /api/v1/notifications/batch (default: ${DEFAULT-VALUE})")
    int perRequest = 1;

    /** The JSON line. */
    public record Result(String scenario, String server, int clients, int batch, int perRequest, int users, double seconds,
            long requests, long accepted, long errors, Map<Integer, Long> errorsByStatus, double acceptedPerSecond,
            double deliveriesPerSecond, Percentiles requestMs, CpuMeter.Usage cpu, Setup setup) {}

    @Override
    Object run() throws Exception {
        if (batch < 1 || batch > users) throw new IllegalArgumentException("--batch must be 1 to --users");
        if (perRequest < 1 || perRequest > 500) throw new IllegalArgumentException("--per-request must be 1 to 500");
        try (ServerUnderTest sut = server.open()) {
            List<DeviceAccount> accounts = DeviceAccount.numbered(fleet.userPrefix() + "-off", users);
            DeviceFleet.Outcome made;
            try (DeviceFleet devices = fleet.create(sut.endpoint(), users, (d, id, t) -> { })) {
                progress("registering %d offline accounts", users);
                made = devices.connect(accounts, DeviceProtocol.Mode.REGISTER_ONLY, true);
            }
            requireAll(made, "accounts");
            List<String> names = accounts.stream().map(DeviceAccount::username).toList();
            try (Workers workers = new Workers(clients);
                    PushApi api = new PushApi(sut.endpoint().api(), sut.endpoint().apiKey())) {
                sut.requireApi("accept");
                api.requireKeyAccepted();
                progress("warming up for %.1f s", warmup);
                load(api, names, workers, warmup, new Samples(), new AtomicLong(), new TreeMap<>());
                progress("measuring for %.1f s with %d clients", seconds, clients);
                Samples latencies = new Samples();
                AtomicLong accepted = new AtomicLong();
                Map<Integer, Long> errors = new TreeMap<>();
                CpuMeter cpu = new CpuMeter(sut::cpuNanos);
                cpu.start();
                long start = System.nanoTime();
                load(api, names, workers, seconds, latencies, accepted, errors);
                double elapsed = (System.nanoTime() - start) / 1e9;
                CpuMeter.Usage usage = cpu.stop();
                long errorCount = errors.values().stream().mapToLong(Long::longValue).sum();
                return new Result("accept", sut.kind(), clients, batch, perRequest, users, round(elapsed),
                        accepted.get() / perRequest + errorCount, accepted.get(), errorCount, errors,
                        round(accepted.get() / elapsed), round(accepted.get() * (double) batch / elapsed),
                        latencies.percentiles(), usage, Setup.of(made));
            }
        }
    }

    /** {@link #clients} threads send back to back until {@code secs} passed; waits for all of them. */
    private void load(PushApi api, List<String> names, Workers workers, double secs, Samples latencies,
            AtomicLong accepted, Map<Integer, Long> errors) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (secs * 1e9);
        List<Runnable> loops = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            loops.add(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (System.nanoTime() < deadline) {
                    List<String> bodies = new ArrayList<>(perRequest);
                    for (int i = 0; i < perRequest; i++) {
                        bodies.add(batch == 1
                                ? PushApi.toUser(names.get(random.nextInt(names.size())), "accept")
                                : PushApi.toUsers(pick(names, batch, random), "accept"));
                    }
                    long t0 = System.nanoTime();
                    int status;
                    try {
                        status = (perRequest == 1 ? api.send(bodies.get(0)) : api.sendBatch(bodies)).status();
                    } catch (Exception e) {
                        status = -1; // I/O failure or timeout
                    }
                    if (status == 202) {
                        latencies.add(System.nanoTime() - t0);
                        accepted.addAndGet(perRequest);
                    } else {
                        synchronized (errors) {
                            errors.merge(status, 1L, Long::sum);
                        }
                    }
                }
            });
        }
        workers.runAll(loops, (long) (secs * 1000) + 60_000);
    }

    private static List<String> pick(List<String> names, int count, ThreadLocalRandom random) {
        int from = random.nextInt(names.size());
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) out.add(names.get((from + i) % names.size()));
        return out;
    }
}
