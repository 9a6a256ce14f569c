package org.xpush.bench.device;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.util.function.Consumer;
import org.xpush.bench.sasl.SaslMechanism;
import org.xpush.xmpp.stream.DecoderLimits;
import org.xpush.xmpp.stream.StreamErrorException;
import org.xpush.xmpp.stream.StreamEvent;
import org.xpush.xmpp.stream.XmlStreamDecoder;

/**
 * The Netty side of one simulated device: bytes from the server go through an {@link XmlStreamDecoder} into the
 * {@link DeviceProtocol}; what the protocol sends is written to the channel and flushed once per read batch, so
 * the acknowledgements of notifications that arrived together leave in one write. The last handler of the
 * pipeline (STARTTLS puts an {@link SslHandler} before it). All methods run on the channel's event loop.
 */
final class DeviceHandler extends ChannelInboundHandlerAdapter implements DeviceProtocol.Output {

    /** What a device reports to its fleet. Called on the device's event loop. */
    interface Listener {
        void ready(DeviceHandler device);

        void registered(DeviceHandler device);

        void failed(DeviceHandler device, String reason);

        void notification(int device, String id, long nanos);

        /** A {@code <message/>} arrived (see {@link DeviceProtocol.Output#message}). */
        default void message(int device, String type, String body, long nanos) {}

        /** The device chose its SASL mechanism. */
        default void mechanism(SaslMechanism used) {}
    }

    private final int index;
    private final Listener listener;
    private final SslContext tls;
    private final XmlStreamDecoder decoder = new XmlStreamDecoder(DecoderLimits.DEFAULT);
    private final Consumer<StreamEvent> events = this::onEvent;
    private final DeviceProtocol protocol;
    private ChannelHandlerContext ctx;
    private long readNanos;
    private boolean inRead;
    private boolean finished;

    DeviceHandler(int index, DeviceAccount account, String domain, DeviceProtocol.Mode mode, boolean register,
            SslContext tls, Listener listener) {
        this(index, account, domain, mode, new DeviceProtocol.Options(register, tls != null, SaslMechanism.PLAIN, null, true),
                tls, listener);
    }

    /** @param tls the client TLS context when {@code options} ask for STARTTLS */
    DeviceHandler(int index, DeviceAccount account, String domain, DeviceProtocol.Mode mode,
            DeviceProtocol.Options options, SslContext tls, Listener listener) {
        this.index = index;
        this.listener = listener;
        this.tls = tls;
        this.protocol = new DeviceProtocol(account.username(), account.password(), domain, mode, options, this);
    }

    int index() {
        return index;
    }

    DeviceProtocol protocol() {
        return protocol;
    }

    /** The device's channel (set once the handler is in its pipeline, before the connection is active). */
    io.netty.channel.Channel channel() {
        return ctx.channel();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        protocol.start();
        ctx.flush();
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf buf = (ByteBuf) msg;
        readNanos = System.nanoTime();
        inRead = true;
        try {
            if (!finished) decoder.feed(buf.nioBuffer(), events);
        } catch (StreamErrorException e) {
            failed("server sent bad XML: " + e.condition() + " " + e.getMessage());
        } finally {
            inRead = false;
            buf.release();
        }
    }

    private void onEvent(StreamEvent event) {
        protocol.onEvent(event, readNanos);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        protocol.connectionClosed();
        finished = true;
        decoder.close();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failed("connection error: " + cause);
    }

    // ---- DeviceProtocol.Output -------------------------------------------------------------------------------

    @Override
    public void send(String xml) {
        ByteBuf bytes = ByteBufUtil.writeUtf8(ctx.alloc(), xml);
        if (inRead) {
            ctx.write(bytes, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(bytes, ctx.voidPromise());
        }
    }

    @Override
    public void restartStream() {
        if (!finished) decoder.reset();
    }

    @Override
    public void startTls() {
        ctx.flush();
        SslHandler ssl = tls.newHandler(ctx.alloc());
        ctx.pipeline().addFirst("tls", ssl);
        ssl.handshakeFuture().addListener(f -> {
            if (f.isSuccess()) {
                protocol.tlsEstablished();
            } else {
                failed("TLS handshake failed: " + f.cause());
            }
        });
    }

    @Override
    public void ready() {
        listener.ready(this);
    }

    @Override
    public void registered() {
        finished = true;
        ctx.flush();
        listener.registered(this);
        ctx.close();
    }

    @Override
    public void mechanism(SaslMechanism used) {
        listener.mechanism(used);
    }

    @Override
    public void message(String type, String body, long nanos) {
        listener.message(index, type, body, nanos);
    }

    @Override
    public void notification(String id, long nanos) {
        listener.notification(index, id, nanos);
    }

    @Override
    public void failed(String reason) {
        if (finished) return;
        finished = true;
        listener.failed(this, reason);
        ctx.close();
    }
}
