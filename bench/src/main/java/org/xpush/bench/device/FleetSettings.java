package org.xpush.bench.device;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.xpush.bench.sasl.SaslMechanism;
import org.xpush.bench.sasl.ScramClient;

/**
 * How a {@link DeviceFleet} connects.
 *
 * @param host            the server's XMPP host
 * @param port            its STARTTLS port (5222 or what the ready line says)
 * @param domain          the XMPP domain it serves
 * @param eventLoops      Netty event-loop threads of the generator
 * @param sourceAddresses local addresses to connect from, round-robin (empty: the kernel chooses); each gives
 *                        about 28,000 ephemeral ports
 * @param concurrency     connections negotiating at the same time
 * @param startTls        negotiate STARTTLS before logging in
 * @param timeout         how long a {@link DeviceFleet#connect} call may take in all
 * @param mechanism       the SASL mechanism of the logins
 * @param scramKeys       SCRAM keys reused per salt and iteration count across logins (RFC 5802 §5.1), shared by
 *                        the fleets of a run; null to derive them on every login
 * @param xpushDevice     declare the xpush device IQ after binding (false: a plain XMPP client, for other servers)
 */
public record FleetSettings(String host, int port, String domain, int eventLoops, List<InetAddress> sourceAddresses,
        int concurrency, boolean startTls, Duration timeout, SaslMechanism mechanism, ScramClient.KeyCache scramKeys,
        boolean xpushDevice) {

    public FleetSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        sourceAddresses = List.copyOf(sourceAddresses);
        if (eventLoops < 1) throw new IllegalArgumentException("eventLoops must be >= 1");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be >= 1");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(mechanism, "mechanism");
    }

    /** xpush devices logging in with SASL PLAIN. */
    public FleetSettings(String host, int port, String domain, int eventLoops, List<InetAddress> sourceAddresses,
            int concurrency, boolean startTls, Duration timeout) {
        this(host, port, domain, eventLoops, sourceAddresses, concurrency, startTls, timeout, SaslMechanism.PLAIN, null, true);
    }

    /**
     * {@code count} loopback source addresses 127.0.0.2, 127.0.0.3, … when {@code host} is a loopback address
     * (Linux answers for all of 127.0.0.0/8), else none.
     */
    public static List<InetAddress> loopbackSources(String host, int count) {
        try {
            if (count <= 0 || !InetAddress.getByName(host).isLoopbackAddress()) return List.of();
            if (count > 250) throw new IllegalArgumentException("at most 250 source addresses");
            List<InetAddress> out = new ArrayList<>(count);
            for (int i = 0; i < count; i++) out.add(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (2 + i)}));
            return List.copyOf(out);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + host, e);
        }
    }
}
