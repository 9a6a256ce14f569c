package org.xpush.server.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * Writes stanzas ({@link Element}, serialised in the {@code jabber:client} default namespace of the stream)
 * and raw protocol text ({@link CharSequence}: stream header, features, nonzas) as UTF-8.
 * Stateless and shared by every channel.
 */
@ChannelHandler.Sharable
public final class OutboundEncoder extends MessageToByteEncoder<Object> {

    public static final OutboundEncoder INSTANCE = new OutboundEncoder();

    private OutboundEncoder() {
        super(Object.class);
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Element || msg instanceof CharSequence;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, ByteBuf out) {
        CharSequence text = msg instanceof Element e ? e.toXml(Namespaces.CLIENT) : (CharSequence) msg;
        ByteBufUtil.writeUtf8(out, text);
    }
}
