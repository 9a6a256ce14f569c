package org.xpush.server.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.limit.RateLimiter;

/**
 * Closes a new connection at once when its IP address opened more than its allowance in the last second.
 * Before the XMPP handlers in every pipeline (after TLS on the direct TLS port); removes itself after the check.
 * Shared by all channels; thread-safe.
 */
@ChannelHandler.Sharable
public final class ConnectionRateLimiter extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRateLimiter.class);

    private final RateLimiter<InetAddress> limiter;

    public ConnectionRateLimiter(int perSecond) {
        this.limiter = new RateLimiter<>(perSecond, Duration.ofSeconds(1));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote && !limiter.tryAcquire(remote.getAddress())) {
            log.info("connection refused remote={} reason=connection-rate", remote);
            ctx.close();
            return;
        }
        ctx.fireChannelActive();
        ctx.pipeline().remove(this);
    }
}
