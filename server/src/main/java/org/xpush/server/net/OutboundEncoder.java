package org.xpush.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import io.netty.util.concurrent.FastThreadLocal;
import org.xpush.server.session.PreparedIq;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * Writes stanzas ({@link Element}, serialised in the {@code jabber:client} default namespace of the stream;
 * {@link PreparedIq}, whose child is serialised already) and raw protocol text ({@link CharSequence}: stream header,
 * features, nonzas) as UTF-8. Shared by every channel; its only state is a per-thread scratch builder.
 */
@ChannelHandler.Sharable
public final class OutboundEncoder extends MessageToByteEncoder<Object> {

    public static final OutboundEncoder INSTANCE = new OutboundEncoder();

    /** For the start tags of {@link PreparedIq}s; an encoder runs on the channel's event loop only. */
    private static final FastThreadLocal<StringBuilder> SCRATCH = new FastThreadLocal<>() {
        @Override
        protected StringBuilder initialValue() {
            return new StringBuilder(256);
        }
    };

    private OutboundEncoder() {
        super(Object.class);
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Element || msg instanceof CharSequence || msg instanceof PreparedIq;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        if (msg instanceof PreparedIq iq) {
            StringBuilder scratch = SCRATCH.get();
            iq.writeTo(out, scratch);
            if (scratch.capacity() > 4096) SCRATCH.remove(); // a long JID or id: do not keep its buffer
            return;
        }
        CharSequence text = msg instanceof Element e ? e.toXml(Namespaces.CLIENT) : (CharSequence) msg;
        ByteBufUtil.writeUtf8(out, text);
    }
}
