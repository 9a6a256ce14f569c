package org.xpush.bench.scenario;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.xpush.bench.device.DeviceAccount;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.server.ServerUnderTest;
import org.xpush.bench.stats.CpuMeter;
import org.xpush.bench.stats.Percentiles;
import org.xpush.bench.stats.Samples;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code xmpp-route}: 1:1 {@code <message type='chat'/>} routing between P pairs of online clients (sender i writes
 * to receiver i's bare JID). At saturation (default) every sender keeps {@code --window} messages in flight: each
 * receipt makes its sender send the next one (closed loop). With {@code --rate R} the messages leave on a fixed
 * schedule instead, spread over the senders (open loop). Each message carries its send time; latency runs to its
 * receipt, on this process's monotonic clock. Counted are the receipts inside the measured {@code --seconds}.
 */
@Command(name = "xmpp-route", mixinStandardHelpOptions = true,
        description = "1:1 <message/> routing between pairs of clients: msgs/s and latency, at saturation or --rate.")
public final class XmppRouteScenario extends ClientsScenario {

    @Option(names = "--pairs", paramLabel = "P", description = "sender/receiver pairs (default: ${DEFAULT-VALUE})")
    int pairs = 100;

    @Option(names = "--window", paramLabel = "W", description = "messages in flight per pair at saturation (default: ${DEFAULT-VALUE})")
    int window = 10;

    @Option(names = "--rate", paramLabel = "R", description = "messages per second in all (open loop) instead of saturation")
    Double rate;

    @Option(names = "--seconds", paramLabel = "T", description = "measured time (default: ${DEFAULT-VALUE})")
    double seconds = 10;

    @Option(names = "--warmup", paramLabel = "SECONDS", description = "unmeasured load before (default: ${DEFAULT-VALUE})")
    double warmup = 3;

    /** The JSON line. */
    public record Result(String scenario, String server, int pairs, String mode, double seconds, long sent,
            long received, long errors, double messagesPerSecond, Percentiles latencyMs, int droppedClients,
            String mechanism, CpuMeter.Usage cpu, Setup setup) {}

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final Samples latency = new Samples();
    private volatile DeviceFleet clients;
    private volatile String[] receivers;
    private volatile boolean sending = true;
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    @Override
    Object run() throws Exception {
        if (pairs < 1 || window < 1) throw new IllegalArgumentException("--pairs and --window must be >= 1");
        if (rate != null && rate <= 0) throw new IllegalArgumentException("--rate must be > 0");
        try (ServerUnderTest sut = server.open();
                DeviceFleet fleetOfClients = fleet.create(sut.endpoint(), 2 * pairs, new DeviceFleet.Receipts() {
                    @Override
                    public void notification(int device, String id, long nanos) {}

                    @Override
                    public void message(int device, String type, String body, long nanos) {
                        onMessage(device, type, body, nanos);
                    }
                })) {
            clients = fleetOfClients;
            List<DeviceAccount> accounts = accounts(2 * pairs);
            register(fleetOfClients, accounts);
            DeviceFleet.Outcome made = online(fleetOfClients, accounts);
            String domain = sut.endpoint().domain();
            String[] to = new String[pairs];
            for (int i = 0; i < pairs; i++) to[i] = accounts.get(pairs + i).username() + "@" + domain;
            receivers = to;

            long start = System.nanoTime();
            windowStart = start + (long) (warmup * 1e9);
            windowEnd = windowStart + (long) (seconds * 1e9);
            CpuMeter cpu = new CpuMeter(sut::cpuNanos);
            progress("%s for %.1f s (+ %.1f s warm-up)", rate == null ? "saturation, window " + window : rate + " msgs/s",
                    seconds, warmup);
            if (rate == null) {
                for (int w = 0; w < window; w++) {
                    for (int i = 0; i < pairs; i++) send(i);
                }
                parkUntil(windowStart);
                cpu.start();
                parkUntil(windowEnd);
            } else {
                long period = (long) (1e9 / rate);
                boolean started = false;
                for (long k = 0; ; k++) {
                    long due = start + k * period;
                    if (due >= windowEnd) break;
                    if (!started && due >= windowStart) {
                        cpu.start();
                        started = true;
                    }
                    parkUntil(due);
                    send((int) (k % pairs));
                }
                if (!started) cpu.start();
            }
            CpuMeter.Usage usage = cpu.stop();
            sending = false;
            // the receipts of messages still in flight after the window do not count; let them arrive
            long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long last = -1;
            while (System.nanoTime() < drainEnd && received.get() != last) {
                last = received.get();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            Percentiles p = latency.percentiles();
            return new Result("xmpp-route", sut.kind(), pairs, rate == null ? "saturation" : "rate " + rate, seconds,
                    sent.get(), p.count(), errors.get(), round(p.count() / seconds), p,
                    fleetOfClients.droppedAfterReady(), mechanism(fleetOfClients), usage, Setup.of(made));
        }
    }

    private void send(int pair) {
        sent.incrementAndGet();
        clients.send(pair, "<message to='" + receivers[pair] + "' type='chat'><body>" + System.nanoTime() + "</body></message>");
    }

    /** Client callback (event loops). */
    private void onMessage(int device, String type, String body, long nanos) {
        if ("error".equals(type)) {
            errors.incrementAndGet();
            return;
        }
        int pair = device - pairs;
        if (pair < 0 || body == null) return; // not one of ours (a server's welcome message, say)
        long sentAt;
        try {
            sentAt = Long.parseLong(body.trim());
        } catch (NumberFormatException e) {
            return;
        }
        received.incrementAndGet();
        if (nanos >= windowStart && nanos < windowEnd) latency.add(nanos - sentAt);
        if (rate == null && sending) send(pair);
    }

    private static void parkUntil(long deadline) {
        long wait;
        while ((wait = deadline - System.nanoTime()) > 0) LockSupport.parkNanos(wait);
    }
}
