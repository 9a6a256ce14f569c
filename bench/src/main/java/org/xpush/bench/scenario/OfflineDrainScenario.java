package org.xpush.bench.scenario;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.xpush.bench.api.PushApi;
import org.xpush.bench.cli.FleetOptions;
import org.xpush.bench.cli.ServerOptions;
import org.xpush.bench.device.DeviceAccount;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.device.DeviceProtocol;
import org.xpush.bench.server.ServerUnderTest;
import org.xpush.bench.stats.CpuMeter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code offline-drain}: M notifications are queued for N offline devices (registered, never online; each
 * notification to one device, round-robin, through the API with up to 64 requests in flight), then all devices log
 * in together ({@code --connect-concurrency} at a time) and the server delivers what waited for them. Measured
 * from the first login: when every device is online, and when every notification was received (each is
 * acknowledged by its device the moment it arrives).
 */
@Command(name = "offline-drain", mixinStandardHelpOptions = true,
        description = "M notifications queued for offline devices; the devices log in; time until all received.")
public final class OfflineDrainScenario extends Scenario {

    @Mixin
    ServerOptions server;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--devices", paramLabel = "N", description = "offline devices (default: ${DEFAULT-VALUE})")
    int devices = 1000;

    @Option(names = "--notifications", paramLabel = "M", description = "notifications queued (default: 10 per device)")
    Integer notifications;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "longest wait for the drain (default: ${DEFAULT-VALUE})")
    double timeout = 120;

    /** The JSON line. */
    public record Result(String scenario, String server, int devices, long queued, double queueSeconds, long received,
            long lost, long duplicates, double allOnlineMs, double allReceivedMs, String mechanism, CpuMeter.Usage cpu,
            Setup setup) {}

    private final Map<String, Long> receipts = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();

    @Override
    Object run() throws Exception {
        int m = notifications != null ? notifications : 10 * devices;
        if (devices < 1 || m < 1) throw new IllegalArgumentException("--devices and --notifications must be >= 1");
        try (ServerUnderTest sut = server.open();
                DeviceFleet fleetOfDevices = fleet.create(sut.endpoint(), devices, this::received);
                PushApi api = new PushApi(sut.endpoint().api(), sut.endpoint().apiKey())) {
            sut.requireApi("offline-drain");
            api.requireKeyAccepted();
            List<DeviceAccount> accounts = DeviceAccount.numbered(fleet.userPrefix(), devices);
            progress("registering %d devices", devices);
            DeviceFleet.Outcome registered = fleetOfDevices.connect(accounts, DeviceProtocol.Mode.REGISTER_ONLY, true);
            requireAll(registered, "registrations");

            progress("queueing %d notifications", m);
            long q0 = System.nanoTime();
            Map<String, Boolean> queued = queue(api, accounts, m);
            double queueSeconds = (System.nanoTime() - q0) / 1e9;

            progress("logging in %d devices", devices);
            CpuMeter cpu = new CpuMeter(sut::cpuNanos);
            cpu.start();
            long start = System.nanoTime();
            DeviceFleet.Outcome online = fleetOfDevices.connect(accounts, DeviceProtocol.Mode.ONLINE, false);
            requireAll(online, "devices");
            long allOnline = System.nanoTime();
            long deadline = start + (long) (timeout * 1e9);
            long lastReceipt = 0;
            while (System.nanoTime() < deadline) {
                if (receipts.keySet().containsAll(queued.keySet())) break;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
            }
            CpuMeter.Usage usage = cpu.stop();
            long received = 0;
            for (String id : queued.keySet()) {
                Long at = receipts.get(id);
                if (at != null) {
                    received++;
                    lastReceipt = Math.max(lastReceipt, at);
                }
            }
            return new Result("offline-drain", sut.kind(), devices, queued.size(), round(queueSeconds), received,
                    queued.size() - received, duplicates.get(), ClientsScenario.ms(allOnline - start),
                    received == queued.size() ? ClientsScenario.ms(lastReceipt - start) : -1,
                    ClientsScenario.mechanism(fleetOfDevices), usage, Setup.of(online));
        }
    }

    /** Sends {@code m} notifications, one device each, round-robin; returns the ids the server accepted. */
    private Map<String, Boolean> queue(PushApi api, List<DeviceAccount> accounts, int m) throws InterruptedException {
        Map<String, Boolean> ids = new ConcurrentHashMap<>();
        AtomicLong refused = new AtomicLong();
        Semaphore inFlight = new Semaphore(64);
        for (int i = 0; i < m; i++) {
            if (!inFlight.tryAcquire(30, TimeUnit.SECONDS)) throw new IllegalStateException("no API answer for 30 s");
            api.sendAsync(PushApi.toUser(accounts.get(i % accounts.size()).username(), "drain")).whenComplete((r, e) -> {
                String id = e == null ? r.id() : null;
                if (id != null) {
                    ids.put(id, Boolean.TRUE);
                } else {
                    refused.incrementAndGet();
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(64, 60, TimeUnit.SECONDS)) throw new IllegalStateException("API answers missing after 60 s");
        if (refused.get() > 0) throw new IllegalStateException(refused.get() + " notifications were refused by the API");
        return ids;
    }

    /** Device callback (event loops). */
    private void received(int device, String id, long nanos) {
        if (receipts.putIfAbsent(id, nanos) != null) duplicates.incrementAndGet();
    }
}
