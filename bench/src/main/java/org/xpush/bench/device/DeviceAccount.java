package org.xpush.bench.device;

import java.util.ArrayList;
import java.util.List;

/** The account of one simulated device. */
public record DeviceAccount(String username, String password) {

    /** The password every benchmark account gets, so a later run can log in to accounts an earlier one made. */
    public static final String PASSWORD = "bench-password";

    /**
     * {@code count} accounts named {@code prefix-000000}, {@code prefix-000001}, …; the names are plain
     * {@code [a-z0-9-]}, safe in JSON and XML without escaping.
     */
    public static List<DeviceAccount> numbered(String prefix, int count) {
        if (!prefix.matches("[a-z0-9-]{1,40}")) {
            throw new IllegalArgumentException("account prefix must be 1-40 of [a-z0-9-], was " + prefix);
        }
        List<DeviceAccount> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) accounts.add(new DeviceAccount(String.format("%s-%06d", prefix, i), PASSWORD));
        return List.copyOf(accounts);
    }
}
