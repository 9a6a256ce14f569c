package org.xpush.bench.cli;

import java.time.Duration;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.device.FleetSettings;
import org.xpush.bench.server.ServerEndpoint;
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

    @Option(names = "--setup-timeout", paramLabel = "SECONDS",
            description = "longest time to register and connect all devices (default: 60 + devices/20)")
    Integer setupTimeoutSeconds;

    public String userPrefix() {
        return userPrefix;
    }

    /** A fleet for {@code devices} devices against {@code server}. */
    public DeviceFleet create(ServerEndpoint server, int devices, DeviceFleet.Receipts receipts) {
        int timeout = setupTimeoutSeconds != null ? setupTimeoutSeconds : 60 + devices / 20;
        FleetSettings settings = new FleetSettings(server.host(), server.xmppPort(), server.domain(), eventLoops,
                FleetSettings.loopbackSources(server.host(), sourceIps), concurrency, startTls, Duration.ofSeconds(timeout));
        return new DeviceFleet(settings, receipts);
    }
}
