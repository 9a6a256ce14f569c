package org.xpush.android;

import android.content.Context;
import android.content.Intent;
import android.os.Bundle;
import java.util.Map;
import java.util.logging.Logger;
import org.xpush.client.Notification;
import org.xpush.client.NotificationListener;

/**
 * What happens to a received notification: the app's {@link NotificationHandler} when one is registered, else a
 * system notification; when the user does not allow notifications, the app is told by the
 * {@link XPush#ACTION_NOTIFICATION_NOT_SHOWN} broadcast instead. In all these cases it is acknowledged once this
 * returns; only a handler that throws leaves it unacknowledged (the SDK's rule).
 */
final class Deliverer implements NotificationListener {

    private static final Logger log = Logger.getLogger(Deliverer.class.getName());

    private final Context context;
    private final Notifier notifier;

    Deliverer(Context context, Notifier notifier) {
        this.context = context.getApplicationContext();
        this.notifier = notifier;
    }

    @Override
    public void onNotification(Notification n) throws Exception {
        NotificationHandler handler = XPush.notificationHandler();
        if (handler != null) {
            handler.onNotification(context, n);
            return;
        }
        if (!notifier.canShow(Notifier.channelOf(n))) {
            log.info("notification " + n.id() + " received but not shown: the user does not allow notifications");
            context.sendBroadcast(intent(XPush.ACTION_NOTIFICATION_NOT_SHOWN, n));
            return;
        }
        notifier.post(n);
    }

    /** An explicit broadcast to the app's own package carrying the notification's fields. */
    Intent intent(String action, Notification n) {
        Intent intent = new Intent(action).setPackage(context.getPackageName());
        intent.putExtra(XPush.EXTRA_ID, n.id());
        intent.putExtra(XPush.EXTRA_TITLE, n.title());
        intent.putExtra(XPush.EXTRA_MESSAGE, n.message());
        intent.putExtra(XPush.EXTRA_URI, n.uri());
        intent.putExtra(XPush.EXTRA_PRIORITY, n.priority().name().toLowerCase(java.util.Locale.ROOT));
        Bundle data = new Bundle();
        for (Map.Entry<String, String> e : n.data().entrySet()) data.putString(e.getKey(), e.getValue());
        intent.putExtra(XPush.EXTRA_DATA, data);
        return intent;
    }
}
