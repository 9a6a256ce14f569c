package org.xpush.server.session;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import org.xpush.xmpp.stream.StreamErrorCondition;

/** The connection a session currently writes to (implemented by the stream layer's connection handler). */
public interface Transport {

    /** The event loop of the connection; every write happens there. */
    EventLoop eventLoop();

    /**
     * Queues a stanza ({@code Element}) or protocol text ({@code CharSequence}) for writing; the future completes
     * when it was written to the socket (or failed). Event loop only.
     */
    ChannelFuture write(Object stanzaOrText);

    /** Flushes queued writes. Event loop only. */
    void flush();

    /** Ends the stream with a stream error (null condition: a plain {@code </stream:stream>}) and closes. Any thread. */
    void close(StreamErrorCondition condition, String text);

    /** The peer address. */
    SocketAddress remoteAddress();

    /**
     * Whether the socket takes more writes now (Netty's outbound buffer is under its high-water mark). Writers
     * stop while it is false; the session is told when it turns true again. Any thread.
     */
    boolean isWritable();

    /** Whether the connection is encrypted. */
    boolean isSecure();
}
