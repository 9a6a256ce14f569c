package org.xpush.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import org.xpush.xmpp.stream.DecoderLimits;
import org.xpush.xmpp.stream.StreamErrorException;
import org.xpush.xmpp.stream.XmlStreamDecoder;

/**
 * Bytes in, {@link org.xpush.xmpp.stream.StreamEvent}s out: feeds each received buffer to the connection's
 * {@link XmlStreamDecoder} and fires every complete event (header, stanza, close) down the pipeline.
 * A decoding error is fired as {@link StreamErrorException} through {@code exceptionCaught}, where the
 * connection handler turns it into a stream error, and no further input is decoded.
 *
 * <p>Runs on the channel's event loop. Holds no buffer between reads: the decoder drains each one. When the
 * connection has been silent for a while (a reader-idle event), the decoder drops its parser too, so an idle
 * connection keeps only a few hundred bytes of stream state here.
 *
 * <p>A connection that rests stays resting through one read: the parser the first read after a rest needs is
 * dropped again as soon as that read ends between stanzas. A push device sends a stanza now and then and is
 * silent for minutes in between; without this, each stanza that needs the parser (one with a child, such as a
 * ping; an ack with attributes only needs none) would leave a fresh parser (a few KiB) on the connection for the
 * reader-idle time. A connection that goes on sending keeps the parser from its second read on.
 */
public final class XmlStreamHandler extends ChannelInboundHandlerAdapter {

    private final DecoderLimits limits;
    private XmlStreamDecoder decoder;
    private boolean failed;
    private boolean newDecoderAfterFeed;
    /** The parser was dropped for rest (reader idle) and no read has come since. */
    private boolean resting;

    public XmlStreamHandler(DecoderLimits limits) {
        this.limits = limits;
        this.decoder = new XmlStreamDecoder(limits);
    }

    /** RFC 6120 §4.3.3 stream restart after SASL success: the next bytes start a new stream. */
    public void restartStream() {
        decoder.reset();
    }

    /**
     * RFC 6120 §5.4.3.3 stream restart after {@code <proceed/>}. Bytes that came in the same read as
     * {@code <starttls/>} were sent in clear before TLS: they are discarded, never parsed as part of the
     * encrypted stream (the STARTTLS command-injection attack). The next bytes come through TLS.
     */
    public void restartStreamForTls() {
        decoder.close(); // allowed inside feed(): the rest of the current buffer is ignored
        newDecoderAfterFeed = true;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            if (failed || !buf.isReadable()) return;
            decoder.feed(buf.nioBuffer(), ctx::fireChannelRead);
            if (newDecoderAfterFeed) {
                newDecoderAfterFeed = false;
                decoder = new XmlStreamDecoder(limits);
            } else if (resting) {
                resting = false;
                decoder.releaseParser(); // a no-op unless the read ended between stanzas
            }
        } catch (StreamErrorException e) {
            failed = true;
            ctx.fireExceptionCaught(e);
        } finally {
            buf.release();
        }
    }

    /** Reader idle: the connection rests, so its parser is dropped until the next bytes (when between stanzas). */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE && !failed) {
            decoder.releaseParser();
            resting = !decoder.holdsParser(); // also when it was dropped at an earlier idle event
        }
        ctx.fireUserEventTriggered(evt);
    }

    /** Whether the decoder holds a parser now (tests). */
    boolean holdsParser() {
        return decoder.holdsParser();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        decoder.close();
        ctx.fireChannelInactive();
    }
}
