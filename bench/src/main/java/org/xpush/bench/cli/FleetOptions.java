package org.xpush.bench.cli;

import java.time.Duration;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.device.FleetSettings;
import org.xpush.bench.server.ServerEndpoint;
import org.xpush.bench.sasl.SaslMechanism;
import org.xpush.bench.sasl.ScramClient;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How the simulated devices connect. */
public final class FleetOptions {

    @Option(names = "--event-loops", paramLabel = "N", description = "generator event-loop threads (default: ${DEFAULT-VALUE})")
    int eventLoops = 2;

    @Option(names = "--source-ips", paramLabel = "N",
            description = "connect from 127.0.0.2 … 127.0.0.(N+1) when the server is on loopback, 0 = kernel's choice (default: ${DEFAULT-VALUE})")
    int sourceIps = 4;

    @Option(names = "--connect-concurrency", paramLabel = "N", description = "devices negotiating at once (default: ${DEFAULT-VALUE})")
    int concurrency = 64;

    @Option(names = "--starttls", description = "devices negotiate STARTTLS before logging in")
    boolean startTls;

    @Option(names = "--user-prefix", paramLabel = "PREFIX", description = "account names PREFIX-000000 … (default: ${DEFAULT-VALUE})")
    String userPrefix = "bench";

    @Option(names = "--mechanism", paramLabel = "MECH", converter = MechanismConverter.class,
            description = "SASL mechanism: PLAIN, SCRAM-SHA-1, SCRAM-SHA-256 or auto = the strongest offered (default: auto)")
    SaslMechanism mechanism = SaslMechanism.AUTO;

    @Option(names = "--no-cache",
            description = "derive the SCRAM keys (PBKDF2) on every login instead of reusing them per salt as RFC 5802 allows")
    boolean noCache;

    @Option(names = "--setup-timeout", paramLabel = "SECONDS",
            description = "longest time to register and connect all devices (default: 60 + devices/20)")
    Integer setupTimeoutSeconds;

    public String userPrefix() {
        return userPrefix;
    }

    /** Whether the devices negotiate STARTTLS. */
    public boolean startTls() {
        return startTls;
    }

    /** The SASL mechanism asked for. */
    public SaslMechanism mechanism() {
        return mechanism;
    }

    /** The SCRAM keys of this run, shared by all its fleets (a phone keeps them across connections). */
    private final ScramClient.KeyCache scramKeys = new ScramClient.KeyCache();

    /** Whether SCRAM keys are reused across logins. */
    public boolean cacheScramKeys() {
        return !noCache;
    }

    /** Devices negotiating at once. */
    public int concurrency() {
        return concurrency;
    }

    /** A fleet of xpush devices for {@code devices} devices against {@code server}. */
    public DeviceFleet create(ServerEndpoint server, int devices, DeviceFleet.Receipts receipts) {
        return create(server, devices, receipts, concurrency);
    }

    /**
     * A fleet with {@code connectConcurrency} devices negotiating at once; xpush devices when the server has the
     * xpush API, plain XMPP clients otherwise.
     */
    public DeviceFleet create(ServerEndpoint server, int devices, DeviceFleet.Receipts receipts, int connectConcurrency) {
        int timeout = setupTimeoutSeconds != null ? setupTimeoutSeconds : 60 + devices / 20;
        FleetSettings settings = new FleetSettings(server.host(), server.xmppPort(), server.domain(), eventLoops,
                FleetSettings.loopbackSources(server.host(), sourceIps), connectConcurrency, startTls,
                Duration.ofSeconds(timeout), mechanism, noCache ? null : scramKeys, server.hasApi());
        return new DeviceFleet(settings, receipts);
    }

    /** picocli: the {@code --mechanism} value. */
    static final class MechanismConverter implements CommandLine.ITypeConverter<SaslMechanism> {
        @Override
        public SaslMechanism convert(String value) {
            return SaslMechanism.parse(value);
        }
    }
}
