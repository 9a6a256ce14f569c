package org.xpush.bench.scenario;

import java.util.List;
import org.xpush.bench.device.DeviceAccount;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.server.ServerUnderTest;
import org.xpush.bench.stats.CpuMeter;
import org.xpush.bench.stats.Percentiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code login-storm}: N clients log in at once. Setup (unmeasured): the accounts are registered and each logs in
 * and out once, as a phone that has logged in before (with SCRAM this fills the clients' key cache, RFC 5802
 * §5.1, unless {@code --no-cache}). Then all N connect together ({@code --storm-concurrency}, default N) and the
 * time from the first connect until every client is online gives logins/s; each client's connect-to-online time
 * gives p50/p99. A login is: TCP connect, stream, [STARTTLS], SASL, stream restart, bind, [device IQ], presence,
 * and a ping answered.
 */
@Command(name = "login-storm", mixinStandardHelpOptions = true,
        description = "N clients log in at once: logins/s and login time percentiles.")
public final class LoginStormScenario extends ClientsScenario {

    @Option(names = "--clients", paramLabel = "N", description = "clients (default: ${DEFAULT-VALUE})")
    int clients = 1000;

    @Option(names = "--storm-concurrency", paramLabel = "N",
            description = "clients connecting at the same time in the storm (default: all of them)")
    Integer stormConcurrency;

    /** The JSON line. */
    public record Result(String scenario, String server, int clients, boolean tls, String mechanism,
            boolean cachedScramKeys, int loggedIn, double seconds, double loginsPerSecond, Percentiles loginMs,
            java.util.Map<String, Integer> failures, CpuMeter.Usage cpu, Setup setup) {}

    @Override
    Object run() throws Exception {
        if (clients < 1) throw new IllegalArgumentException("--clients must be >= 1");
        int concurrency = stormConcurrency != null ? stormConcurrency : clients;
        try (ServerUnderTest sut = server.open();
                DeviceFleet prepare = fleet.create(sut.endpoint(), clients, (d, id, t) -> { });
                DeviceFleet storm = fleet.create(sut.endpoint(), clients, (d, id, t) -> { }, concurrency)) {
            List<DeviceAccount> accounts = accounts(clients);
            DeviceFleet.Outcome registered = register(prepare, accounts);
            online(prepare, accounts);
            prepare.disconnectAll();
            progress("storm: %d clients, %d at once", clients, concurrency);
            CpuMeter cpu = new CpuMeter(sut::cpuNanos);
            cpu.start();
            DeviceFleet.Outcome o = storm.connect(accounts, org.xpush.bench.device.DeviceProtocol.Mode.ONLINE, false);
            CpuMeter.Usage usage = cpu.stop();
            double secs = o.took().toNanos() / 1e9;
            progress("%d of %d logged in within %.2f s", o.succeeded(), clients, secs);
            return new Result("login-storm", sut.kind(), clients, fleet.startTls(), mechanism(storm),
                    fleet.cacheScramKeys(), o.succeeded(), round(secs), round(o.succeeded() / secs),
                    Percentiles.ofNanos(o.loginNanos()), o.failures(), usage, Setup.of(registered));
        }
    }
}
