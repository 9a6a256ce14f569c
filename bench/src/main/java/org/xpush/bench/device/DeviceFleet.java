package org.xpush.bench.device;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.xpush.bench.sasl.SaslMechanism;
import org.xpush.bench.sasl.ScramClient;

/**
 * Many simulated devices on a few Netty event-loop threads (epoll when available), each a real XMPP client
 * connection driven by a {@link DeviceProtocol}. Connections are opened a bounded number at a time
 * ({@link FleetSettings#concurrency()}: the server checks passwords on a small pool, so opening thousands at once
 * only makes every login slow), spread over several local source addresses so that ephemeral ports do not run
 * out, and every wait is bounded by {@link FleetSettings#timeout()}.
 *
 * <p>One process holds at most as many connections as its file-descriptor limit allows ({@code ulimit -n}, 20,000
 * on the benchmark machines): about 19,000 devices.
 *
 * <p>Thread-safe: {@link #connect} blocks its caller; device callbacks run on the event loops.
 */
public final class DeviceFleet implements AutoCloseable {

    /** Receives every notification a device got. Called on event-loop threads, concurrently: must be thread-safe. */
    public interface Receipts {
        void notification(int device, String id, long nanos);

        /** A {@code <message/>} reached a device ({@code type} "error" for a bounce). Thread-safe, like the rest. */
        default void message(int device, String type, String body, long nanos) {}
    }

    /**
     * What {@link #connect} achieved.
     *
     * @param succeeded devices that got as far as asked (online, or registered)
     * @param online    indices (into the accounts given) of the devices that are online, ascending
     * @param failures  the most frequent failure reasons with their counts
     * @param loginNanos per device that succeeded, from the start of its connect to ready (or registered)
     */
    public record Outcome(int requested, int succeeded, int failed, int[] online, Map<String, Integer> failures,
            Duration took, long[] loginNanos) {}

    private final FleetSettings settings;
    private final Receipts receipts;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final SslContext tls;
    private final List<Channel> channels = new ArrayList<>();
    private final Map<Integer, Channel> byIndex = new ConcurrentHashMap<>();
    private final Set<Channel> expectedClose = ConcurrentHashMap.newKeySet();
    private final ScramClient.KeyCache keyCache;
    private final AtomicReference<SaslMechanism> mechanismUsed = new AtomicReference<>();
    private final AtomicInteger online = new AtomicInteger();
    private final AtomicInteger droppedAfterReady = new AtomicInteger();
    private volatile boolean closing;

    public DeviceFleet(FleetSettings settings, Receipts receipts) {
        this.settings = settings;
        this.receipts = receipts;
        this.keyCache = settings.scramKeys();
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(settings.eventLoops(), new DefaultThreadFactory("bench-device"), io);
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        try {
            this.tls = settings.startTls()
                    ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build()
                    : null;
        } catch (SSLException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IllegalStateException("cannot build the client TLS context", e);
        }
    }

    /** Devices that are online now (ready, connection still open). */
    public int online() {
        return online.get();
    }

    /** The SASL mechanism the devices used (the last one chosen), or null before any login. */
    public SaslMechanism mechanismUsed() {
        return mechanismUsed.get();
    }

    /**
     * Writes XML on the connection of online device {@code device} (its index in the accounts of the
     * {@link #connect} call that made it online) and flushes; any thread. Returns false if it is not online.
     */
    public boolean send(int device, String xml) {
        Channel ch = byIndex.get(device);
        if (ch == null || !ch.isActive()) return false;
        ch.writeAndFlush(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8), ch.voidPromise());
        return true;
    }

    /** Closes the connections of every online device, and waits (bounded) until they are closed. */
    public void disconnectAll() throws InterruptedException {
        List<Channel> all;
        synchronized (channels) {
            all = List.copyOf(channels);
            channels.clear();
        }
        byIndex.clear();
        expectedClose.addAll(all);
        for (Channel ch : all) ch.close();
        for (Channel ch : all) ch.closeFuture().await(10, TimeUnit.SECONDS);
    }

    /** Devices that were online and lost their connection before {@link #close()}. */
    public int droppedAfterReady() {
        return droppedAfterReady.get();
    }

    /**
     * Connects one device per account and takes each as far as {@code mode} says; returns when every device got
     * there or failed, or at the timeout (devices still negotiating then count as failed and are closed).
     *
     * @param register register each account first (XEP-0077; an existing account is fine)
     */
    public Outcome connect(List<DeviceAccount> accounts, DeviceProtocol.Mode mode, boolean register)
            throws InterruptedException {
        Launch launch = new Launch(accounts, mode, register);
        long start = System.nanoTime();
        launch.more();
        boolean all = launch.done.await(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        if (!all) launch.abandon();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        int[] onlineIndices;
        synchronized (launch.online) {
            onlineIndices = launch.online.stream().toArray();
        }
        return new Outcome(accounts.size(), launch.succeeded.get(), accounts.size() - launch.succeeded.get(),
                onlineIndices, launch.failureSummary(), took, launch.loginTimes());
    }

    /** One {@link #connect} call: launches devices a bounded number at a time. */
    private final class Launch implements DeviceHandler.Listener {
        final List<DeviceAccount> accounts;
        final DeviceProtocol.Mode mode;
        final boolean register;
        final CountDownLatch done;
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger finishedCount = new AtomicInteger();
        final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        final Map<DeviceHandler, Channel> negotiating = new ConcurrentHashMap<>();
        /** Devices already counted; under load a device can finish before open() has put it in negotiating. */
        final Set<DeviceHandler> finished = ConcurrentHashMap.newKeySet();
        final BitSet online = new BitSet();
        final long[] started;
        final long[] finishedAt;
        private int next;
        private int inFlight;
        private volatile boolean abandoned;

        Launch(List<DeviceAccount> accounts, DeviceProtocol.Mode mode, boolean register) {
            this.accounts = accounts;
            this.mode = mode;
            this.register = register;
            this.done = new CountDownLatch(accounts.isEmpty() ? 0 : 1);
            this.started = new long[accounts.size()];
            this.finishedAt = new long[accounts.size()];
        }

        /** Connect-to-ready times of the devices that succeeded (read after {@code done}, or after abandoning). */
        long[] loginTimes() {
            synchronized (finishedAt) {
                long[] out = new long[accounts.size()];
                int n = 0;
                for (int i = 0; i < finishedAt.length; i++) {
                    if (finishedAt[i] != 0) out[n++] = finishedAt[i] - started[i];
                }
                return Arrays.copyOf(out, n);
            }
        }

        synchronized void more() {
            while (!abandoned && inFlight < settings.concurrency() && next < accounts.size()) {
                inFlight++;
                open(next++);
            }
        }

        private void open(int index) {
            DeviceProtocol.Options options = new DeviceProtocol.Options(register, settings.startTls(), settings.mechanism(),
                    keyCache, settings.xpushDevice());
            DeviceHandler handler = new DeviceHandler(index, accounts.get(index), settings.domain(), mode, options, tls, this);
            synchronized (finishedAt) {
                started[index] = System.nanoTime();
            }
            Bootstrap b = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast("device", handler);
                }
            });
            InetSocketAddress remote = new InetSocketAddress(settings.host(), settings.port());
            ChannelFuture f = settings.sourceAddresses().isEmpty()
                    ? b.connect(remote)
                    : b.connect(remote, new InetSocketAddress(
                            settings.sourceAddresses().get(index % settings.sourceAddresses().size()), 0));
            negotiating.put(handler, f.channel());
            if (finished.contains(handler)) negotiating.remove(handler);
            f.addListener(c -> {
                if (!c.isSuccess()) failed(handler, "connect failed: " + c.cause());
            });
        }

        private void finish(DeviceHandler device, boolean ok, String reason) {
            if (!finished.add(device) || abandoned) return; // finished already, or counted by abandon()
            negotiating.remove(device);
            if (ok) {
                long now = System.nanoTime();
                synchronized (finishedAt) {
                    finishedAt[device.index()] = now;
                }
                succeeded.incrementAndGet();
            } else {
                failures.computeIfAbsent(reason.replaceAll("\\d+", "N"), k -> new AtomicInteger()).incrementAndGet();
            }
            synchronized (this) {
                inFlight--;
            }
            if (finishedCount.incrementAndGet() == accounts.size()) done.countDown();
            more();
        }

        @Override
        public void ready(DeviceHandler device) {
            if (finished.contains(device) || abandoned) return;
            Channel ch = device.channel();
            synchronized (channels) {
                channels.add(ch);
            }
            byIndex.put(device.index(), ch);
            DeviceFleet.this.online.incrementAndGet();
            synchronized (online) {
                online.set(device.index());
            }
            ch.closeFuture().addListener(f -> {
                DeviceFleet.this.online.decrementAndGet();
                synchronized (online) {
                    online.clear(device.index());
                }
                if (!closing && !expectedClose.remove(ch)) droppedAfterReady.incrementAndGet();
            });
            finish(device, true, null);
        }

        @Override
        public void registered(DeviceHandler device) {
            finish(device, true, null);
        }

        @Override
        public void failed(DeviceHandler device, String reason) {
            finish(device, false, reason);
        }

        @Override
        public void notification(int device, String id, long nanos) {
            receipts.notification(device, id, nanos);
        }

        @Override
        public void message(int device, String type, String body, long nanos) {
            receipts.message(device, type, body, nanos);
        }

        @Override
        public void mechanism(SaslMechanism used) {
            mechanismUsed.set(used);
        }

        /** The timeout passed: whoever is still negotiating fails. */
        void abandon() {
            abandoned = true;
            Map<String, Integer> states = new LinkedHashMap<>();
            for (DeviceHandler h : negotiating.keySet()) states.merge("timeout in state " + h.protocol().state(), 1, Integer::sum);
            states.forEach((k, v) -> failures.computeIfAbsent(k, x -> new AtomicInteger()).addAndGet(v));
            for (Map.Entry<DeviceHandler, Channel> e : negotiating.entrySet()) {
                DeviceHandler h = e.getKey();
                e.getValue().eventLoop().execute(() -> h.failed("timeout in state " + h.protocol().state()));
            }
            int neverStarted;
            synchronized (this) {
                neverStarted = accounts.size() - next;
            }
            if (neverStarted > 0) failures.put("not started before the timeout", new AtomicInteger(neverStarted));
        }

        Map<String, Integer> failureSummary() {
            Map<String, Integer> out = new LinkedHashMap<>();
            failures.entrySet().stream()
                    .sorted((a, b) -> b.getValue().get() - a.getValue().get())
                    .limit(5)
                    .forEach(e -> out.put(e.getKey(), e.getValue().get()));
            return out;
        }
    }

    /** Closes every connection and stops the event loops (bounded). */
    @Override
    public void close() {
        closing = true;
        List<Channel> all;
        synchronized (channels) {
            all = List.copyOf(channels);
        }
        for (Channel ch : all) ch.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }
}
