package org.xpush.android;

import android.content.BroadcastReceiver;
import android.content.Context;
import android.content.Intent;

/**
 * Starts the push service again after a reboot ({@code BOOT_COMPLETED}) and after an update of the app
 * ({@code MY_PACKAGE_REPLACED}, which ends the service), if the app had started it and not stopped it. Declared in
 * the library's manifest; the app gets it by manifest merging.
 */
public final class BootReceiver extends BroadcastReceiver {

    @Override
    public void onReceive(Context context, Intent intent) {
        String action = intent == null ? null : intent.getAction();
        if (!Intent.ACTION_BOOT_COMPLETED.equals(action) && !Intent.ACTION_MY_PACKAGE_REPLACED.equals(action)) return;
        if (!XPushState.of(context).isRunning()) return;
        context.startForegroundService(new Intent(context, PushService.class));
    }
}
