package org.xpush.bench.api;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 client on Netty for the benchmark's API calls: keep-alive connections to one server, reused
 * one request at a time each, opened when none is idle. One event-loop thread does all the work.
 *
 * <p>Why not {@link java.net.http.HttpClient}: at 200 requests a second it took more than half of the
 * generator's CPU (its many asynchronous stages and thread hand-offs), and the generator shares the machine's
 * cores with the server it measures. Thread-safe.
 */
final class HttpLink implements AutoCloseable {

    private static final int MAX_RESPONSE = 16 << 20;

    /** An answer: status and body. */
    record Answer(int status, String body) {}

    private final URI base;
    private final String hostHeader;
    private final long timeoutMillis;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final ConcurrentLinkedDeque<Channel> idle = new ConcurrentLinkedDeque<>();

    HttpLink(URI base, long timeoutMillis) {
        this.base = base;
        this.hostHeader = base.getHost() + ":" + port(base);
        this.timeoutMillis = timeoutMillis;
        IoHandlerFactory io = Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bench-http", true), io);
        this.bootstrap = new Bootstrap().group(group)
                .channel(Epoll.isAvailable() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_RESPONSE), new AnswerHandler());
                    }
                });
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    /** Sends a request; the future completes with the answer, or with the I/O failure or a timeout. */
    CompletableFuture<Answer> send(HttpMethod method, String path, String authorization, String jsonBody) {
        ByteBuf content = jsonBody == null ? Unpooled.EMPTY_BUFFER : Unpooled.copiedBuffer(jsonBody, StandardCharsets.UTF_8);
        URI target = base.resolve(path);
        String uri = target.getRawQuery() == null ? target.getRawPath() : target.getRawPath() + "?" + target.getRawQuery();
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, method, uri, content);
        req.headers().set(HttpHeaderNames.HOST, hostHeader);
        req.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        if (authorization != null) req.headers().set(HttpHeaderNames.AUTHORIZATION, authorization);
        if (jsonBody != null) req.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        HttpUtil.setContentLength(req, content.readableBytes());
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Channel ch = idle.pollFirst();
        while (ch != null && !ch.isActive()) ch = idle.pollFirst();
        if (ch != null) {
            write(ch, req, answer);
        } else {
            ChannelFuture connecting = bootstrap.connect(base.getHost(), port(base));
            connecting.addListener(f -> {
                if (f.isSuccess()) {
                    write(connecting.channel(), req, answer);
                } else {
                    req.release();
                    answer.completeExceptionally(f.cause());
                }
            });
        }
        return answer;
    }

    private void write(Channel ch, FullHttpRequest req, CompletableFuture<Answer> answer) {
        ch.eventLoop().execute(() -> {
            ScheduledFuture<?> timeout = ch.eventLoop().schedule(() -> {
                if (answer.completeExceptionally(new IOException("no answer in " + timeoutMillis + " ms"))) ch.close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
            ch.attr(AnswerHandler.WAITING).set(new AnswerHandler.Waiting(answer, timeout));
            ch.writeAndFlush(req).addListener(f -> {
                if (f.isSuccess()) return;
                timeout.cancel(false);
                if (answer.completeExceptionally(f.cause())) ch.close();
            });
        });
    }

    /** Completes the waiting request with the response, then offers the connection for the next one. */
    private final class AnswerHandler extends SimpleChannelInboundHandler<FullHttpResponse> {

        record Waiting(CompletableFuture<Answer> answer, ScheduledFuture<?> timeout) {}

        static final io.netty.util.AttributeKey<Waiting> WAITING = io.netty.util.AttributeKey.valueOf("bench-http-waiting");

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            Waiting w = ctx.channel().attr(WAITING).getAndSet(null);
            if (w == null) return;
            w.timeout().cancel(false);
            boolean keepAlive = HttpUtil.isKeepAlive(res);
            Answer a = new Answer(res.status().code(), res.content().toString(StandardCharsets.UTF_8));
            if (keepAlive) {
                idle.offerFirst(ctx.channel());
            } else {
                ctx.close();
            }
            w.answer().complete(a);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Waiting w = ctx.channel().attr(WAITING).getAndSet(null);
            if (w != null) {
                w.timeout().cancel(false);
                w.answer().completeExceptionally(new IOException("connection closed before the answer"));
            }
            idle.remove(ctx.channel());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Waiting w = ctx.channel().attr(WAITING).getAndSet(null);
            if (w != null) {
                w.timeout().cancel(false);
                w.answer().completeExceptionally(cause);
            }
            ctx.close();
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
