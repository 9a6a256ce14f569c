package org.xpush.bench.jmh;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.xpush.server.session.PreparedIq;
import org.xpush.xmpp.Jid;
import org.xpush.xmpp.Namespaces;
import org.xpush.xmpp.xml.Element;

/**
 * What the server does per recipient of a notification before the socket write. {@code prepared}: the server's
 * own path since session 5: the payload is serialised once per notification ({@code PreparedIq.SharedChild}) and
 * each recipient's IQ is its start tag plus those bytes ({@code PreparedIq.writeTo}, as {@code OutboundEncoder}
 * calls it). {@code perRecipient}: the path before, kept for comparison: build the IQ element around the shared
 * payload, serialise it in the {@code jabber:client} stream namespace and encode it as UTF-8 into a buffer.
 * {@code withPayload}: the same with the payload built too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NotificationSerialisationBenchmark {

    private static final String ID = "Qm9uam91ciB4cHVzaA";
    private static final String TO = "bench-000042@localhost/xpush-abcdefghijkl";

    private Element payload;
    private PreparedIq.SharedChild shared;
    private final Jid to = Jid.parse(TO);
    private final StringBuilder scratch = new StringBuilder(256);
    private ByteBuf out;

    @Setup
    public void setUp() {
        payload = NotificationIqShape.payload(ID);
        shared = new PreparedIq.SharedChild(payload);
        out = Unpooled.buffer(1024);
    }

    @TearDown
    public void tearDown() {
        out.release();
    }

    @Benchmark
    public ByteBuf prepared() {
        out.clear();
        new PreparedIq("set", ID, "localhost", to, shared).writeTo(out, scratch);
        return out;
    }

    @Benchmark
    public ByteBuf perRecipient() {
        out.clear();
        ByteBufUtil.writeUtf8(out, NotificationIqShape.iq(ID, payload, TO).toXml(Namespaces.CLIENT));
        return out;
    }

    @Benchmark
    public ByteBuf withPayload() {
        out.clear();
        ByteBufUtil.writeUtf8(out, NotificationIqShape.iq(ID, NotificationIqShape.payload(ID), TO).toXml(Namespaces.CLIENT));
        return out;
    }
}
