package org.xpush.bench.scenario;

import java.util.Map;
import org.xpush.bench.device.DeviceFleet;

/**
 * How the devices of a run were prepared: how many were asked for, how many made it, why the others did not,
 * and how long it took (registration and login run PBKDF2 on the server, so this is not free).
 */
public record Setup(int requested, int succeeded, Map<String, Integer> failures, double seconds) {

    static Setup of(DeviceFleet.Outcome o) {
        return new Setup(o.requested(), o.succeeded(), o.failures(), Math.round(o.took().toMillis() / 10.0) / 100.0);
    }
}
