package org.xpush.bench.jmh;

import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.xpush.server.session.ClientSession;
import org.xpush.server.session.SessionManager;
import org.xpush.server.session.Transport;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.stream.StreamErrorCondition;

/**
 * The routing lookup of the server ({@code SessionManager}, as {@code StanzaRouter} uses it) with N bound sessions:
 * the {@code to} attribute of a stanza parsed into a JID and its online session found, by full JID (one resource)
 * and by bare JID (every resource of the user). Each call takes the next of 4096 targets spread over the sessions,
 * so the lookups do not all hit one cache line. The sessions have a transport that is never used: only the lookup
 * is measured, not the delivery.
 *
 * <p>Needs the server jar on the class path: {@code bench/xpush-bench jmh RoutingLookup} (the launcher adds it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingLookupBenchmark {

    @Param({"1000", "19000"})
    int sessions;

    private final SessionManager manager = new SessionManager();
    private String[] fullJids;
    private String[] bareJids;
    private Jid[] parsedFullJids;
    private int next;

    @Setup
    public void bind() {
        for (int i = 0; i < sessions; i++) {
            Jid jid = Jid.parse("bench-" + String.format("%06d", i) + "@localhost/device");
            manager.bind(new ClientSession(jid, UNUSED, manager, Duration.ofMinutes(5), 1000));
        }
        fullJids = new String[4096];
        bareJids = new String[4096];
        parsedFullJids = new Jid[4096];
        for (int k = 0; k < 4096; k++) {
            String user = "bench-" + String.format("%06d", (int) ((k * 2654435761L) % sessions));
            fullJids[k] = user + "@localhost/device";
            bareJids[k] = user + "@localhost";
            parsedFullJids[k] = Jid.parse(fullJids[k]);
        }
        if (manager.get(parsedFullJids[0]) == null) throw new IllegalStateException("lookup setup is wrong");
    }

    /** {@code to} = a full JID: parse, then the session of that resource. */
    @Benchmark
    public ClientSession byFullJid() {
        Jid to = Jid.parseOrNull(fullJids[next++ & 4095]);
        return manager.get(to);
    }

    /** {@code to} = a bare JID: parse, then every session of the user (a snapshot list, as the router takes it). */
    @Benchmark
    public List<ClientSession> byBareJid() {
        Jid to = Jid.parseOrNull(bareJids[next++ & 4095]);
        return manager.sessionsOf(to.local());
    }

    /** The map lookup alone, the JID already parsed. */
    @Benchmark
    public ClientSession lookupOnly() {
        return manager.get(parsedFullJids[next++ & 4095]);
    }

    /** A transport nothing writes to: the benchmark never delivers. */
    private static final Transport UNUSED = new Transport() {
        @Override
        public EventLoop eventLoop() {
            throw new UnsupportedOperationException();
        }

        @Override
        public ChannelFuture write(Object stanzaOrText) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void flush() {}

        @Override
        public void close(StreamErrorCondition condition, String text) {}

        @Override
        public SocketAddress remoteAddress() {
            return null;
        }

        @Override
        public boolean isWritable() {
            return true;
        }

        @Override
        public boolean isSecure() {
            return false;
        }
    };
}
