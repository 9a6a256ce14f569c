package org.xpush.bench.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.xpush.bench.device.DeviceAccount;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.server.ServerUnderTest;
import org.xpush.bench.stats.CpuMeter;
import org.xpush.bench.stats.Percentiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code message-fanout}: one client sends N {@code <message type='chat'/>} stanzas, one to each of N online
 * users, written as fast as its connection takes them (in writes of 100 stanzas); the time from the first write
 * until every user received its message, and the per-user latency. This is the fan-out any XMPP server can do,
 * for comparison with xpush's API broadcast ({@code fanout}). A warm-up round goes first.
 */
@Command(name = "message-fanout", mixinStandardHelpOptions = true,
        description = "One client sends a <message/> to each of N online users: time until all received.")
public final class MessageFanoutScenario extends ClientsScenario {

    @Option(names = "--clients", paramLabel = "N", description = "recipients (default: ${DEFAULT-VALUE})")
    int clients = 1000;

    @Option(names = "--warmup", paramLabel = "ROUNDS", description = "unmeasured rounds before (default: ${DEFAULT-VALUE})")
    int warmup = 1;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "longest wait for a round (default: ${DEFAULT-VALUE})")
    double timeout = 60;

    /** The JSON line. */
    public record Result(String scenario, String server, int recipients, double sendMs, long received, long lost,
            long errors, double allReceivedMs, Percentiles latencyMs, String mechanism, CpuMeter.Usage cpu, Setup setup) {}

    /** One round: per recipient its receipt time (0 = not yet). */
    private record Round(String tag, AtomicLongArray at, CountDownLatch all) {}

    private volatile Round round;
    private final AtomicLong errors = new AtomicLong();

    @Override
    Object run() throws Exception {
        if (clients < 1) throw new IllegalArgumentException("--clients must be >= 1");
        try (ServerUnderTest sut = server.open();
                DeviceFleet users = fleet.create(sut.endpoint(), clients + 1, new DeviceFleet.Receipts() {
                    @Override
                    public void notification(int device, String id, long nanos) {}

                    @Override
                    public void message(int device, String type, String body, long nanos) {
                        onMessage(device, type, body, nanos);
                    }
                })) {
            List<DeviceAccount> accounts = accounts(clients + 1); // the last one sends
            register(users, accounts);
            DeviceFleet.Outcome made = online(users, accounts);
            for (int i = 0; i < warmup; i++) {
                progress("warm-up round %d of %d", i + 1, warmup);
                send(users, accounts, sut.endpoint().domain(), "w" + i);
            }
            progress("measured round to %d users", clients);
            long errorsBefore = errors.get();
            CpuMeter cpu = new CpuMeter(sut::cpuNanos);
            cpu.start();
            long[] t = send(users, accounts, sut.endpoint().domain(), "m");
            CpuMeter.Usage usage = cpu.stop();
            long start = t[0];
            long[] latencies = Arrays.stream(t, 2, t.length).filter(x -> x > 0).map(x -> x - start).toArray();
            long last = Arrays.stream(latencies).max().orElse(0);
            return new Result("message-fanout", sut.kind(), clients, ms(t[1] - start), latencies.length,
                    clients - latencies.length, errors.get() - errorsBefore,
                    latencies.length == clients ? ms(last) : -1, Percentiles.ofNanos(latencies), mechanism(users),
                    usage, Setup.of(made));
        }
    }

    /** Sends one round; returns [start, written, receipt of user 0, …]. */
    private long[] send(DeviceFleet users, List<DeviceAccount> accounts, String domain, String tag)
            throws InterruptedException {
        Round r = new Round(tag, new AtomicLongArray(clients), new CountDownLatch(clients));
        round = r;
        long start = System.nanoTime();
        StringBuilder chunk = new StringBuilder(100 * 120);
        for (int i = 0; i < clients; i++) {
            chunk.append("<message type='chat' to='").append(accounts.get(i).username()).append('@').append(domain)
                    .append("'><body>").append(tag).append("</body></message>");
            if ((i + 1) % 100 == 0 || i == clients - 1) {
                if (!users.send(clients, chunk.toString())) throw new IllegalStateException("the sender is offline");
                chunk.setLength(0);
            }
        }
        long written = System.nanoTime();
        if (!r.all().await((long) (timeout * 1000), TimeUnit.MILLISECONDS)) {
            progress("round %s: %d of %d received within %.0f s", tag, clients - r.all().getCount(), clients, timeout);
        }
        long[] out = new long[clients + 2];
        out[0] = start;
        out[1] = written;
        for (int i = 0; i < clients; i++) out[i + 2] = r.at().get(i);
        return out;
    }

    /** Client callback (event loops). */
    private void onMessage(int device, String type, String body, long nanos) {
        if ("error".equals(type)) {
            errors.incrementAndGet();
            return;
        }
        Round r = round;
        if (r == null || device >= clients || body == null || !body.trim().equals(r.tag())) return;
        if (r.at().compareAndSet(device, 0, nanos)) r.all().countDown();
    }
}
