package org.xpush.server.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.NettyRuntime;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.config.ServerConfig;
import org.xpush.server.stream.ClientConnection;
import org.xpush.server.stream.ShutdownEvent;
import org.xpush.server.stream.StreamContext;
import org.xpush.xmpp.stream.DecoderLimits;

/**
 * The XMPP listeners: port 5222 with STARTTLS and port 5223 with direct TLS (XEP-0368). Builds each client
 * pipeline, read top to bottom:
 * <pre>
 *   [tls]            direct TLS port only; STARTTLS inserts it here later
 *   rate-limit       refuses an IP address opening connections too fast (removes itself)
 *   idle             reader-idle events for keep-alive pings
 *   xml              bytes -> stream header, stanzas, close (async XML parser with limits)
 *   encoder          stanzas and protocol text -> UTF-8 bytes
 *   connection       the per-connection state machine
 * </pre>
 * Uses native epoll where available, NIO elsewhere.
 */
public final class XmppListeners implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(XmppListeners.class);
    /** Silence after which a connection's XML parser is dropped until its next bytes (DESIGN §4: small idle state). */
    static final Duration PARSER_RELEASE_AFTER = Duration.ofSeconds(10);

    private final ServerConfig config;
    private final StreamContext context;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Class<? extends ServerChannel> channelType;
    private final ChannelGroup clients = new DefaultChannelGroup("xmpp-clients", GlobalEventExecutor.INSTANCE);
    private final ChannelGroup listeners = new DefaultChannelGroup("xmpp-listeners", GlobalEventExecutor.INSTANCE);
    private final ConnectionRateLimiter rateLimiter;
    private final DecoderLimits limits;
    private int xmppPort = -1;
    private int xmppTlsPort = -1;

    public XmppListeners(ServerConfig config, StreamContext context) {
        this.config = config;
        this.context = context;
        IoHandlerFactory io;
        if (Epoll.isAvailable()) {
            io = EpollIoHandler.newFactory();
            channelType = EpollServerSocketChannel.class;
        } else {
            io = NioIoHandler.newFactory();
            channelType = NioServerSocketChannel.class;
        }
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("xmpp-accept"), io);
        this.workers = new MultiThreadIoEventLoopGroup(ioThreads(), new DefaultThreadFactory("xmpp-io"), io);
        this.rateLimiter = new ConnectionRateLimiter(config.limits().connectionsPerIpPerSecond());
        this.limits = new DecoderLimits(config.limits().maxStanzaBytes(), DecoderLimits.DEFAULT.maxDepth(),
                DecoderLimits.DEFAULT.maxAttributes(), DecoderLimits.DEFAULT.maxHeaderBytes());
    }

    /**
     * Event loops for the client connections: one per CPU core, which Netty's {@code io.netty.eventLoopThreads}
     * property overrides. Not Netty's default of two per core: every loop here is busy with non-blocking work
     * only, and on two cores four loops made a broadcast to 19,000 devices cost about 15 % more CPU and its p99
     * about 10 % longer than two (bench/README.md), from the switching between them.
     */
    static int ioThreads() {
        return Math.max(1, Integer.getInteger("io.netty.eventLoopThreads", NettyRuntime.availableProcessors()));
    }

    /** Binds the ports; returns when they are listening. */
    public void start() throws InterruptedException {
        xmppPort = bind(config.xmppPort(), false);
        if (config.xmppTlsPort() >= 0) xmppTlsPort = bind(config.xmppTlsPort(), true);
        log.info("xmpp listening on {}:{} (STARTTLS){}", config.bind(), xmppPort,
                xmppTlsPort >= 0 ? " and " + config.bind() + ":" + xmppTlsPort + " (direct TLS)" : "");
    }

    private int bind(int port, boolean directTls) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                // a client that stops reading makes the channel unwritable past 256 KiB; we then stop reading it
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 256 * 1024))
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    // Reader-idle events: the decoder drops its parser (XmlStreamHandler), and after
                    // ping-after-idle of silence the connection pings (ClientConnection).
                    private final long idleCheckMillis = Math.min(PARSER_RELEASE_AFTER.toMillis(),
                            config.keepAlive().pingAfterIdle().toMillis());

                    @Override
                    protected void initChannel(SocketChannel ch) {
                        clients.add(ch);
                        if (directTls) ch.pipeline().addLast("tls", context.sslContext().newHandler(ch.alloc()));
                        ch.pipeline()
                                .addLast("rate-limit", rateLimiter)
                                .addLast("idle", new IdleStateHandler(idleCheckMillis, 0, 0, TimeUnit.MILLISECONDS))
                                .addLast("xml", new XmlStreamHandler(limits))
                                .addLast("encoder", OutboundEncoder.INSTANCE)
                                .addLast("connection", new ClientConnection(context, directTls));
                    }
                });
        ChannelFuture f = b.bind(new InetSocketAddress(config.bind(), port)).sync();
        listeners.add(f.channel());
        return ((InetSocketAddress) f.channel().localAddress()).getPort();
    }

    /** The STARTTLS port actually bound. */
    public int xmppPort() {
        return xmppPort;
    }

    /** The direct TLS port actually bound, or -1 when off. */
    public int xmppTlsPort() {
        return xmppTlsPort;
    }

    /** Number of open client connections. */
    public int connectionCount() {
        return clients.size();
    }

    /**
     * Graceful stop: no new connections; every stream ends with {@code system-shutdown} and
     * {@code </stream:stream>}; waits up to {@code grace} for clients to be closed, then stops the event loops.
     */
    public void shutdown(Duration grace) {
        listeners.close().awaitUninterruptibly();
        for (Channel ch : clients) ch.pipeline().fireUserEventTriggered(ShutdownEvent.INSTANCE);
        long deadline = System.nanoTime() + grace.toNanos();
        for (Channel ch : clients) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !ch.closeFuture().awaitUninterruptibly(left, TimeUnit.NANOSECONDS)) break;
        }
        clients.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(5));
    }
}
