package org.xpush.bench.scenario;

import java.util.List;
import org.xpush.bench.cli.FleetOptions;
import org.xpush.bench.cli.ServerOptions;
import org.xpush.bench.device.DeviceAccount;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.device.DeviceProtocol;
import org.xpush.bench.sasl.SaslMechanism;
import picocli.CommandLine.Mixin;

/**
 * The scenarios that also run against a generic XMPP server ({@code --xmpp HOST:PORT --domain D --server-pid PID},
 * no HTTP API): the server under test and the client options, and the two setup steps they share, registering the
 * accounts (XEP-0077; existing ones are reused) and bringing clients online. Against xpush the clients are xpush
 * devices (with the device IQ); against another server they are plain XMPP clients.
 */
abstract class ClientsScenario extends Scenario {

    @Mixin
    ServerOptions server;

    @Mixin
    FleetOptions fleet;

    /** Registers every account, {@link FleetOptions#concurrency()} at a time; stops the run if one fails. */
    static DeviceFleet.Outcome register(DeviceFleet clients, List<DeviceAccount> accounts) throws InterruptedException {
        progress("registering %d accounts", accounts.size());
        DeviceFleet.Outcome o = clients.connect(accounts, DeviceProtocol.Mode.REGISTER_ONLY, true);
        requireAll(o, "registrations");
        return o;
    }

    /** Logs every account in and keeps it online; stops the run if one fails. */
    static DeviceFleet.Outcome online(DeviceFleet clients, List<DeviceAccount> accounts) throws InterruptedException {
        progress("logging in %d clients", accounts.size());
        DeviceFleet.Outcome o = clients.connect(accounts, DeviceProtocol.Mode.ONLINE, false);
        requireAll(o, "clients");
        return o;
    }

    /** The SASL mechanism the clients used, for the JSON line (null before any login). */
    static String mechanism(DeviceFleet clients) {
        SaslMechanism m = clients.mechanismUsed();
        return m == null ? null : m.wireName();
    }

    /** The accounts {@code PREFIX-000000 …} of this run. */
    List<DeviceAccount> accounts(int count) {
        return DeviceAccount.numbered(fleet.userPrefix(), count);
    }

    static double ms(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
