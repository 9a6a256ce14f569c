package org.xpush.android;

import android.app.Service;
import android.content.Intent;
import android.content.pm.ServiceInfo;
import android.net.ConnectivityManager;
import android.os.Build;
import android.os.IBinder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.xpush.client.ConnectionStateListener;
import org.xpush.client.DeviceSettingsException;
import org.xpush.client.PushClient;

/**
 * The heir of androidpn's NotificationService: a foreground service that keeps one {@link PushClient} connected and
 * shows an ongoing low-importance notification saying whether it is connected. Started by {@link XPush#start}, by
 * the {@link BootReceiver}, and by the system itself after it killed the process ({@code START_STICKY}); it reads
 * its configuration from the preferences each time. Declared in the library's manifest with the foreground service
 * type {@code remoteMessaging}.
 */
public final class PushService extends Service {

    private static final Logger log = Logger.getLogger(PushService.class.getName());

    private static volatile PushService current;

    private XPushState state;
    private volatile Notifier notifier;
    private XPushConfig runningConfig;
    private volatile PushClient client;
    private NetworkWatcher watcher;

    /** The running service of this process, or {@code null}. */
    static PushService current() {
        return current;
    }

    @Override
    public void onCreate() {
        super.onCreate();
        state = XPushState.of(this);
        current = this;
    }

    @Override
    public int onStartCommand(Intent intent, int flags, int startId) {
        XPushConfig config = state.isRunning() ? state.config() : null;
        notifier = new Notifier(this, config == null ? 0 : config.smallIcon());
        notifier.createChannels();
        // a service started with startForegroundService must call startForeground, even when it stops at once
        if (!goForeground(notifier.status("Connecting…"))) {
            // Android 12+ refuses it from the background (e.g. some restarts by the system): the next XPush.start
            // from the app's foreground, or the next boot, brings the service back
            stopClient();
            stopSelf();
            return START_NOT_STICKY;
        }
        if (config == null) {
            log.warning("xpush: no configuration stored (or stopped by the app); the push service stops");
            stopClient();
            stopSelf();
            return START_NOT_STICKY;
        }
        if (client != null && !config.equals(runningConfig)) stopClient(); // XPush.start with a new configuration
        if (client == null) startClient(config);
        return START_STICKY;
    }

    @Override
    public void onDestroy() {
        current = null;
        stopClient();
        super.onDestroy();
    }

    @Override
    public IBinder onBind(Intent intent) {
        return null;
    }

    /** The client of this service, or {@code null} when it is not running (tests). */
    PushClient client() {
        return client;
    }

    private void startClient(XPushConfig config) {
        PushClient c = PushClient.builder()
                .host(config.host()).port(config.port()).domain(config.domain())
                .tls(config.tlsPolicy())
                .pingInterval(config.keepAlive())
                .credentialStore(SharedPreferencesCredentialStore.of(this))
                .receivedIdStore(new SharedPreferencesReceivedIdStore(state.preferences()))
                .listener(new Deliverer(this, notifier))
                .connectionStateListener(new StatusListener())
                .build();
        client = c;
        runningConfig = config;
        c.start();
        watcher = new NetworkWatcher(c);
        getSystemService(ConnectivityManager.class).registerDefaultNetworkCallback(watcher);
        log.info("xpush: push service started for " + config);
    }

    private void stopClient() {
        PushClient c = client;
        client = null;
        runningConfig = null;
        if (watcher != null) {
            try {
                getSystemService(ConnectivityManager.class).unregisterNetworkCallback(watcher);
            } catch (IllegalArgumentException e) {
                log.log(Level.FINE, "network callback was not registered", e);
            }
            watcher = null;
        }
        // stop() may wait for the server's answer: never on the main thread
        if (c != null) new Thread(c::stop, "xpush-stop").start();
    }

    /** Makes this a foreground service; {@code false} if the system does not allow it now. */
    @NewerApi(29)
    private boolean goForeground(android.app.Notification status) {
        try {
            if (Build.VERSION.SDK_INT >= 34) {
                startForeground(Notifier.STATUS_ID, status, ServiceInfo.FOREGROUND_SERVICE_TYPE_REMOTE_MESSAGING);
            } else {
                startForeground(Notifier.STATUS_ID, status);
            }
            return true;
        } catch (IllegalStateException e) { // ForegroundServiceStartNotAllowedException (API 31) is one
            log.log(Level.WARNING, "xpush: the system does not let the push service run in the foreground now; "
                    + "it stops until the app starts it again", e);
            return false;
        }
    }

    /** Sends the alias and tags the server has not confirmed yet; the SDK holds them until it is connected. */
    void applyDeviceSettings() {
        PushClient c = client;
        if (c == null) return;
        String alias = state.pendingAlias();
        if (alias != null) whenApplied(c.setAlias(alias), "alias", () -> state.aliasApplied(alias));
        List<String> tags = state.pendingTags();
        if (tags != null) whenApplied(c.setTags(tags), "tags", () -> state.tagsApplied(tags));
    }

    private static void whenApplied(CompletableFuture<Void> change, String what, Runnable applied) {
        change.whenComplete((ok, failure) -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause == null) {
                applied.run();
            } else if (cause instanceof DeviceSettingsException) {
                // refused for good (e.g. too long): retrying would be refused again
                log.warning("xpush: the server refused the " + what + ": " + cause.getMessage());
                applied.run();
            } else {
                log.fine("xpush: the " + what + " will be sent at the next connection: " + cause);
            }
        });
    }

    /** Keeps the ongoing notification's text in step with the connection, and re-sends settings after a login. */
    private final class StatusListener implements ConnectionStateListener {
        @Override
        public void connecting() {
            notifier.updateStatus("Connecting…");
        }

        @Override
        public void registered(String username) {
            state.accountReplaced();
        }

        @Override
        public void authenticated(String username, boolean resumed) {
            notifier.updateStatus("Connected");
            applyDeviceSettings();
        }

        @Override
        public void reconnecting(long delayMillis) {
            notifier.updateStatus("Reconnecting…");
        }

        @Override
        public void waitingForNetwork() {
            notifier.updateStatus("Waiting for network");
        }
    }
}
