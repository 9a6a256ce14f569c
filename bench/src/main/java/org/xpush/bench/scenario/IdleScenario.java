package org.xpush.bench.scenario;

import java.util.List;
import org.xpush.bench.device.DeviceAccount;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.server.ServerMemory;
import org.xpush.bench.server.ServerUnderTest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code idle}: N authenticated sessions held open. The server's memory is read before and after they log in
 * (resident set from /proc; for a JVM also the heap in use after a full GC, through jcmd), and the growth is
 * divided by N. Before the "before" reading a few sessions log in and out, so that code paths, buffer pools and
 * the like that the first connection brings into memory are not counted per session.
 */
@Command(name = "idle", mixinStandardHelpOptions = true,
        description = "Server memory (RSS, heap after GC) per idle authenticated session; plaintext or --starttls.")
public final class IdleScenario extends ClientsScenario {

    @Option(names = "--clients", paramLabel = "N", description = "idle sessions (default: ${DEFAULT-VALUE})")
    int clients = 1000;

    @Option(names = "--warmup-sessions", paramLabel = "N",
            description = "sessions logged in and out before the first reading (default: ${DEFAULT-VALUE})")
    int warmupSessions = 100;

    @Option(names = "--settle", paramLabel = "SECONDS",
            description = "wait after the last login before the second reading (default: ${DEFAULT-VALUE}; xpush drops an"
                    + " idle connection's XML parser after 10 s of silence, so this measures the resting state)")
    double settle = 15;

    /** The JSON line. Memory in KiB; per session in KiB with two decimals; heap figures -1 when not a JVM. */
    public record Result(String scenario, String server, int clients, boolean tls, String mechanism, long online,
            ServerMemory.Reading before, ServerMemory.Reading after, double rssPerSessionKib,
            double heapPerSessionKib, Setup setup) {}

    @Override
    Object run() throws Exception {
        if (clients < 1) throw new IllegalArgumentException("--clients must be >= 1");
        try (ServerUnderTest sut = server.open();
                DeviceFleet sessions = fleet.create(sut.endpoint(), clients, (d, id, t) -> { })) {
            List<DeviceAccount> accounts = accounts(clients);
            register(sessions, accounts);
            int warm = Math.min(warmupSessions, clients);
            if (warm > 0) {
                online(sessions, accounts.subList(0, warm));
                sessions.disconnectAll();
            }
            ServerMemory.Reading before = ServerMemory.read(sut.pid());
            progress("before: RSS %d KiB, heap %d KiB", before.rssKib(), before.heapUsedKib());
            DeviceFleet.Outcome made = online(sessions, accounts);
            Thread.sleep((long) (settle * 1000));
            ServerMemory.Reading after = ServerMemory.read(sut.pid());
            progress("after: RSS %d KiB, heap %d KiB", after.rssKib(), after.heapUsedKib());
            int online = sessions.online();
            if (online != clients) throw new IllegalStateException((clients - online) + " sessions dropped while idle");
            double heap = before.heapUsedKib() < 0 ? -1 : round((after.heapUsedKib() - before.heapUsedKib()) / (double) clients);
            return new Result("idle", sut.kind(), clients, fleet.startTls(), mechanism(sessions), online, before, after,
                    round((after.rssKib() - before.rssKib()) / (double) clients), heap, Setup.of(made));
        }
    }
}
