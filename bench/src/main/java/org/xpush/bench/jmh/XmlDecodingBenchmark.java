package org.xpush.bench.jmh;

import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.xpush.xmpp.stream.DecoderLimits;
import org.xpush.xmpp.stream.StreamErrorException;
import org.xpush.xmpp.stream.XmlStreamDecoder;

/**
 * The XML stream decoder ({@code xpush-xmpp}) on one open stream, one stanza per call, as on a live connection
 * (the decoder's reader turnover after 4096 names is included, amortised): the acknowledgement IQ a device sends
 * for every notification (what the server decodes most), and the notification IQ itself (what a device decodes).
 * {@code ackIqAfterIdle}: the ack on a stream whose parser was dropped while it was idle (the server drops it after
 * 10 s of silence): what the server does for the acks of a broadcast to devices that were quiet. An ack has
 * attributes only, so the decoder recognises it without a parser either way. {@code pingIqAfterIdle}: a stanza
 * with a child on such a stream, for which the decoder first continues the stream on a fresh parser.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class XmlDecodingBenchmark {

    static final String CLIENT_HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";
    static final String ACK = "<iq type='result' id='Qm9uam91ciB4cHVzaA'/>";
    static final String PING = "<iq type='get' id='Qm9uam91ciB4cHVzaA'><ping xmlns='urn:xmpp:ping'/></iq>";

    private XmlStreamDecoder ackStream;
    private XmlStreamDecoder notificationStream;
    private XmlStreamDecoder idleStream;
    private XmlStreamDecoder idlePingStream;
    private byte[] ack;
    private byte[] ping;
    private byte[] notification;

    @Setup
    public void openStreams() throws StreamErrorException {
        ack = ACK.getBytes(StandardCharsets.UTF_8);
        ping = PING.getBytes(StandardCharsets.UTF_8);
        notification = NotificationIqShape.iq("Qm9uam91ciB4cHVzaA", "bench-000042@localhost/xpush-abcdefghijkl")
                .toXml("jabber:client").getBytes(StandardCharsets.UTF_8);
        ackStream = open();
        notificationStream = open();
        idleStream = open();
        idlePingStream = open();
    }

    private static XmlStreamDecoder open() throws StreamErrorException {
        XmlStreamDecoder d = new XmlStreamDecoder(DecoderLimits.DEFAULT);
        byte[] header = CLIENT_HEADER.getBytes(StandardCharsets.UTF_8);
        d.feed(header, 0, header.length, e -> { });
        return d;
    }

    @Benchmark
    public void ackIq(Blackhole bh) throws StreamErrorException {
        ackStream.feed(ack, 0, ack.length, bh::consume);
    }

    @Benchmark
    public void ackIqAfterIdle(Blackhole bh) throws StreamErrorException {
        idleStream.releaseParser(); // held only if the stream's last stanza needed one: an ack never does
        if (idleStream.holdsParser()) throw new IllegalStateException("parser not released between stanzas");
        idleStream.feed(ack, 0, ack.length, bh::consume);
    }

    @Benchmark
    public void pingIqAfterIdle(Blackhole bh) throws StreamErrorException {
        if (!idlePingStream.releaseParser()) throw new IllegalStateException("parser not released between stanzas");
        idlePingStream.feed(ping, 0, ping.length, bh::consume);
    }

    @Benchmark
    public void notificationIq(Blackhole bh) throws StreamErrorException {
        notificationStream.feed(notification, 0, notification.length, bh::consume);
    }
}
