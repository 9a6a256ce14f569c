package org.xpush.server.device;

import java.util.Set;

/**
 * A device: an account as the notification engine sees it (every androidpn or SDK installation registers its own
 * account).
 *
 * @param username     the account
 * @param alias        the app's own name for the device's user, or null
 * @param tags         topics the device subscribed to (unmodifiable)
 * @param acknowledges the device answers notification IQs (xpush SDK); false for androidpn clients
 * @param fanoutCursor highest broadcast/tag notification seq the device has finished
 */
public record Device(String username, String alias, Set<String> tags, boolean acknowledges, long fanoutCursor) {

    public Device {
        tags = Set.copyOf(tags);
    }
}
