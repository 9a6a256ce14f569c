package org.xpush.android;

import android.content.Context;
import org.xpush.client.Notification;

/**
 * Takes over the notifications from the library: when one is registered ({@link XPush#setNotificationHandler}),
 * xpush posts no system notification and passes each notification here instead.
 *
 * <p>Called on a background thread of the connection, one notification at a time, in the server's order. The
 * notification is acknowledged to the server after this method returned normally; if it throws, it is not
 * acknowledged and the server delivers it again at the next login. Keep it short (store it, or hand it to
 * WorkManager or another thread).
 */
public interface NotificationHandler {

    /**
     * One notification has arrived.
     *
     * @param context      the application context
     * @param notification the notification
     * @throws Exception to refuse it: it is not acknowledged and comes again at the next login
     */
    void onNotification(Context context, Notification notification) throws Exception;
}
