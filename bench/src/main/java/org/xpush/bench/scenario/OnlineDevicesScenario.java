package org.xpush.bench.scenario;

import java.util.List;
import org.xpush.bench.api.PushApi;
import org.xpush.bench.cli.FleetOptions;
import org.xpush.bench.cli.ServerOptions;
import org.xpush.bench.device.DeviceAccount;
import org.xpush.bench.device.DeviceFleet;
import org.xpush.bench.device.DeviceProtocol;
import org.xpush.bench.server.ServerUnderTest;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The setup of the scenarios that measure delivery: the server under test, {@code --devices} devices registered
 * and online, and an API client. {@link #withOnlineDevices} prepares them, hands them to the measurement and closes
 * all of it afterwards; a device that does not come online stops the run before anything is measured.
 */
abstract class OnlineDevicesScenario extends Scenario {

    @Mixin
    ServerOptions server;

    @Mixin
    FleetOptions fleet;

    @Option(names = "--devices", paramLabel = "N", description = "online devices (default: ${DEFAULT-VALUE})")
    int devices = 1000;

    /** What a measurement gets: the devices (numbered accounts) and how their setup went. */
    record OnlineDevices(ServerUnderTest sut, DeviceFleet fleet, List<DeviceAccount> accounts, DeviceFleet.Outcome made,
            PushApi api) {}

    /** A measurement on online devices; returns the JSON line. */
    interface Measurement {
        Object run(OnlineDevices online) throws Exception;
    }

    /** Connects the devices, whose notifications go to {@code receipts}, and runs {@code measurement} on them. */
    final Object withOnlineDevices(DeviceFleet.Receipts receipts, Measurement measurement) throws Exception {
        try (ServerUnderTest sut = server.open();
                DeviceFleet fleetOfDevices = fleet.create(sut.endpoint(), devices, receipts)) {
            List<DeviceAccount> accounts = DeviceAccount.numbered(fleet.userPrefix(), devices);
            progress("connecting %d devices", devices);
            DeviceFleet.Outcome made = fleetOfDevices.connect(accounts, DeviceProtocol.Mode.ONLINE, true);
            requireAll(made, "devices");
            sut.requireApi(spec.name());
            try (PushApi api = new PushApi(sut.endpoint().api(), sut.endpoint().apiKey())) {
                api.requireKeyAccepted();
                return measurement.run(new OnlineDevices(sut, fleetOfDevices, accounts, made, api));
            }
        }
    }
}
