package org.xpush.android;

import android.Manifest;
import android.app.NotificationChannel;
import android.app.NotificationManager;
import android.app.PendingIntent;
import android.content.Context;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.net.Uri;
import android.os.Build;
import org.xpush.client.Notification;

/**
 * The system notifications of the library: three channels ({@value #CHANNEL} for notifications,
 * {@value #CHANNEL_HIGH} for those sent with priority {@code high}, {@value #CHANNEL_STATUS} for the service's ongoing
 * status), the posting of a received notification, and the check of the user's notification permission.
 */
final class Notifier {

    /** The channel of received notifications (default importance). */
    static final String CHANNEL = "xpush";
    /** The channel of received notifications sent with priority {@code high} (high importance: heads-up, sound). */
    static final String CHANNEL_HIGH = "xpush-high";
    /** The channel of the service's ongoing notification (low importance: no sound, no status bar icon). */
    static final String CHANNEL_STATUS = "xpush-status";

    /** The id of the service's ongoing notification. */
    static final int STATUS_ID = 0x78707368;
    /** The id of received notifications, which are told apart by their tag. */
    static final int MESSAGE_ID = 1;

    private final Context context;
    private final NotificationManager manager;
    private final int smallIcon;

    Notifier(Context context, int smallIcon) {
        this.context = context.getApplicationContext();
        this.manager = (NotificationManager) this.context.getSystemService(Context.NOTIFICATION_SERVICE);
        int appIcon = this.context.getApplicationInfo().icon;
        this.smallIcon = smallIcon != 0 ? smallIcon : appIcon != 0 ? appIcon : android.R.drawable.stat_notify_chat;
    }

    /** Creates the channels (creating an existing one again changes nothing the user set). */
    void createChannels() {
        NotificationChannel normal = new NotificationChannel(CHANNEL, "Notifications", NotificationManager.IMPORTANCE_DEFAULT);
        NotificationChannel high = new NotificationChannel(CHANNEL_HIGH, "Urgent notifications", NotificationManager.IMPORTANCE_HIGH);
        NotificationChannel status = new NotificationChannel(CHANNEL_STATUS, "Push connection", NotificationManager.IMPORTANCE_LOW);
        status.setDescription("Shows that the app keeps its push connection open");
        status.setShowBadge(false);
        manager.createNotificationChannel(normal);
        manager.createNotificationChannel(high);
        manager.createNotificationChannel(status);
    }

    /** The service's ongoing notification, saying how the connection is. */
    android.app.Notification status(String text) {
        return new android.app.Notification.Builder(context, CHANNEL_STATUS)
                .setSmallIcon(smallIcon)
                .setContentTitle(appLabel())
                .setContentText(text)
                .setOngoing(true)
                .setShowWhen(false)
                .setContentIntent(launcher(STATUS_ID))
                .build();
    }

    void updateStatus(String text) {
        manager.notify(STATUS_ID, status(text));
    }

    /**
     * Whether a notification in {@code channel} would be shown: the app may post notifications (Android 13's
     * {@code POST_NOTIFICATIONS}), the user did not turn them off for the app, nor the channel.
     */
    boolean canShow(String channel) {
        if (Build.VERSION.SDK_INT >= 33
                && context.checkSelfPermission(Manifest.permission.POST_NOTIFICATIONS) != PackageManager.PERMISSION_GRANTED) {
            return false;
        }
        if (!manager.areNotificationsEnabled()) return false;
        NotificationChannel c = manager.getNotificationChannel(channel);
        return c == null || c.getImportance() != NotificationManager.IMPORTANCE_NONE;
    }

    static String channelOf(Notification n) {
        return n.priority() == Notification.Priority.HIGH ? CHANNEL_HIGH : CHANNEL;
    }

    /** The tag of the posted notification: the collapse key, so a newer one replaces the older, else the id. */
    static String tagOf(Notification n) {
        if (n.collapseKey() != null) return "collapse:" + n.collapseKey();
        return "id:" + (n.id() == null ? Long.toString(System.nanoTime()) : n.id());
    }

    /** Posts {@code n} as a system notification; tapping it opens its uri, or the app when it has none. */
    void post(Notification n) {
        String tag = tagOf(n);
        int requestCode = tag.hashCode();
        PendingIntent open = n.uri() != null ? view(n.uri(), requestCode) : launcher(requestCode);
        android.app.Notification.Builder b = new android.app.Notification.Builder(context, channelOf(n))
                .setSmallIcon(smallIcon)
                .setContentTitle(n.title() != null ? n.title() : appLabel())
                .setAutoCancel(true)
                .setCategory(android.app.Notification.CATEGORY_MESSAGE);
        if (n.message() != null) {
            b.setContentText(n.message()).setStyle(new android.app.Notification.BigTextStyle().bigText(n.message()));
        }
        if (n.sent() != null) b.setWhen(n.sent().toEpochMilli()).setShowWhen(true);
        if (open != null) b.setContentIntent(open);
        manager.notify(tag, MESSAGE_ID, b.build());
    }

    private PendingIntent view(String uri, int requestCode) {
        Intent intent = new Intent(Intent.ACTION_VIEW, Uri.parse(uri)).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK);
        return PendingIntent.getActivity(context, requestCode, intent,
                PendingIntent.FLAG_IMMUTABLE | PendingIntent.FLAG_UPDATE_CURRENT);
    }

    private PendingIntent launcher(int requestCode) {
        Intent intent = context.getPackageManager().getLaunchIntentForPackage(context.getPackageName());
        if (intent == null) return null;
        intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK);
        return PendingIntent.getActivity(context, requestCode, intent,
                PendingIntent.FLAG_IMMUTABLE | PendingIntent.FLAG_UPDATE_CURRENT);
    }

    private CharSequence appLabel() {
        return context.getApplicationInfo().loadLabel(context.getPackageManager());
    }
}
