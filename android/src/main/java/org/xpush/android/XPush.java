package org.xpush.android;

import android.content.Context;
import android.content.Intent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.xpush.client.Credentials;

/**
 * The app's entry point to xpush on Android: two lines start a foreground {@link PushService} that stays connected
 * to the server and shows each notification it receives.
 *
 * <pre>{@code
 * XPush.start(context, XPushConfig.builder("push.example.com").pinnedCertificate("AB:CD:…").build());
 * XPush.setAlias(context, "user-42");   // whenever the app knows its user; kept until the server confirms it
 * }</pre>
 *
 * <p>The configuration is kept in the app's preferences, so the service comes back by itself after the system
 * killed it ({@code START_STICKY}), after a reboot and after an app update, until {@link #stop}. The app can take
 * over the notifications with {@link #setNotificationHandler}; when the user does not allow notifications, each
 * received notification is acknowledged and announced by the {@link #ACTION_NOTIFICATION_NOT_SHOWN} broadcast.
 */
public final class XPush {

    /**
     * Broadcast to the app's own package when a notification arrived but could not be shown because the user does not
     * allow the app's notifications (Android 13's {@code POST_NOTIFICATIONS} permission denied, or notifications or
     * the channel turned off). It carries the {@code EXTRA_*} fields. The notification is acknowledged all the same.
     */
    public static final String ACTION_NOTIFICATION_NOT_SHOWN = "org.xpush.android.action.NOTIFICATION_NOT_SHOWN";
    /** Extra: the notification's id (String). */
    public static final String EXTRA_ID = "org.xpush.android.extra.ID";
    /** Extra: its title (String, may be absent). */
    public static final String EXTRA_TITLE = "org.xpush.android.extra.TITLE";
    /** Extra: its message (String, may be absent). */
    public static final String EXTRA_MESSAGE = "org.xpush.android.extra.MESSAGE";
    /** Extra: its uri (String, may be absent). */
    public static final String EXTRA_URI = "org.xpush.android.extra.URI";
    /** Extra: its priority, {@code normal} or {@code high} (String). */
    public static final String EXTRA_PRIORITY = "org.xpush.android.extra.PRIORITY";
    /** Extra: its data (a Bundle of Strings). */
    public static final String EXTRA_DATA = "org.xpush.android.extra.DATA";

    private static final int MAX_TAGS = 64;
    private static final int MAX_LENGTH = 255;

    private static volatile NotificationHandler handler;

    private XPush() {}

    /**
     * Saves {@code config} and starts the push service (a foreground service with an ongoing low-importance
     * notification). Calling it again with the same configuration changes nothing; with another one the service
     * reconnects with it. Call it while the app
     * is in the foreground: Android 12+ refuses to start a foreground service from the background.
     *
     * @param context any context of the app
     * @param config  where to connect
     * @throws IllegalStateException as {@link Context#startForegroundService} throws it when the app may not start a
     *                               foreground service now (the configuration is saved all the same)
     */
    public static void start(Context context, XPushConfig config) {
        Objects.requireNonNull(config, "config");
        XPushState.of(context).started(config);
        context.startForegroundService(new Intent(context, PushService.class));
    }

    /**
     * Stops the push service and keeps it stopped (no restart after a reboot) until the next {@link #start}. The
     * device account stays, and so does what the server holds for it: notifications sent meanwhile arrive after the
     * next start, unless they expire first.
     *
     * @param context any context of the app
     */
    public static void stop(Context context) {
        XPushState.of(context).stopped();
        context.stopService(new Intent(context, PushService.class));
    }

    /** Whether the app started the push service and has not stopped it. */
    public static boolean isStarted(Context context) {
        return XPushState.of(context).isRunning();
    }

    /**
     * Sets the device's alias, the app's name for its user (several devices may share one), e.g. after a login; or
     * clears it. Kept in the preferences and sent when connected, again after a new device account, until the server
     * confirmed it.
     *
     * @param context any context of the app
     * @param alias   1 to 255 characters; {@code null} or empty clears it
     * @throws IllegalArgumentException if it is longer than 255 characters
     */
    public static void setAlias(Context context, String alias) {
        String a = alias == null ? "" : alias;
        if (a.length() > MAX_LENGTH) throw new IllegalArgumentException("an alias has at most 255 characters");
        XPushState.of(context).wantAlias(a);
        PushService running = PushService.current();
        if (running != null) running.applyDeviceSettings();
    }

    /**
     * Replaces the device's tags (the topics it subscribes to). Kept and sent as {@link #setAlias} is.
     *
     * @param context any context of the app
     * @param tags    at most 64 tags of 1 to 255 characters, without line breaks; none removes all
     * @throws IllegalArgumentException if a tag or their number is out of these bounds
     */
    public static void setTags(Context context, Collection<String> tags) {
        List<String> list = new ArrayList<>(Objects.requireNonNull(tags, "tags"));
        if (list.size() > MAX_TAGS) throw new IllegalArgumentException("a device has at most 64 tags, not " + list.size());
        for (String t : list) {
            if (t == null || t.isEmpty() || t.length() > MAX_LENGTH || t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("a tag has 1 to 255 characters and no line break: " + t);
            }
        }
        XPushState.of(context).wantTags(list);
        PushService running = PushService.current();
        if (running != null) running.applyDeviceSettings();
    }

    /** Replaces the device's tags; see {@link #setTags(Context, Collection)}. */
    public static void setTags(Context context, String... tags) {
        setTags(context, Arrays.asList(tags));
    }

    /**
     * Lets the app take over received notifications (xpush then posts none), or gives them back with {@code null}.
     * Register it in {@code Application.onCreate()}: the system may start the service in a new process (after a
     * reboot, or after killing it), and only code that runs at every process start registers it in time.
     *
     * @param notificationHandler the handler, or {@code null} for system notifications
     */
    public static void setNotificationHandler(NotificationHandler notificationHandler) {
        handler = notificationHandler;
    }

    static NotificationHandler notificationHandler() {
        return handler;
    }

    /**
     * The device account's user name, which the app's server can address notifications to ({@code "to": {"user":
     * …}}); the alias is the usual way, though.
     *
     * @param context any context of the app
     * @return the user name, or {@code null} before the first registration
     */
    public static String deviceAccount(Context context) {
        try {
            Credentials c = SharedPreferencesCredentialStore.of(context).load();
            return c == null ? null : c.username();
        } catch (IOException e) {
            return null;
        }
    }
}
