package org.xpush.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.robolectric.Shadows.shadowOf;

import android.Manifest;
import android.app.Application;
import android.app.NotificationManager;
import android.content.ComponentName;
import android.content.Intent;
import android.content.IntentFilter;
import android.net.ConnectivityManager;
import android.net.Network;
import android.os.Looper;
import android.service.notification.StatusBarNotification;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.After;
import org.junit.AfterClass;
import org.junit.Before;
import org.junit.BeforeClass;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Robolectric;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.android.controller.ServiceController;
import org.robolectric.annotation.Config;
import org.robolectric.shadows.ShadowNetwork;
import org.robolectric.shadows.ShadowPendingIntent;
import org.xpush.client.Notification;

/**
 * The push service on Robolectric's Android 14 against a real xpush server (a child process on loopback): what a
 * received notification becomes, the handler path, a denied notification permission, network changes, alias and tags.
 */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class PushServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ServerProcess server;

    private Application app;
    private NotificationManager notifications;
    private ServiceController<PushService> controller;

    @BeforeClass
    public static void startServer() throws Exception {
        server = ServerProcess.start();
    }

    @AfterClass
    public static void stopServer() {
        if (server != null) server.close();
    }

    @Before
    public void setUp() {
        app = RuntimeEnvironment.getApplication();
        notifications = app.getSystemService(NotificationManager.class);
        shadowOf(app).grantPermissions(Manifest.permission.POST_NOTIFICATIONS);
    }

    @After
    public void tearDown() {
        XPush.setNotificationHandler(null);
        if (controller != null) controller.destroy();
    }

    /** XPush.start, then the service as the system would create it from the intent XPush.start sent. */
    private PushService start() {
        XPush.start(app, server.config().build());
        Intent started = shadowOf(app).getNextStartedService();
        assertThat(started.getComponent().getClassName()).isEqualTo(PushService.class.getName());
        controller = Robolectric.buildService(PushService.class, started).create().startCommand(0, 1);
        PushService service = controller.get();
        await().atMost(WAIT).until(() -> service.client() != null && service.client().isConnected());
        return service;
    }

    private List<StatusBarNotification> posted() {
        return java.util.Arrays.stream(notifications.getActiveNotifications())
                .filter(n -> n.getId() != Notifier.STATUS_ID)
                .collect(Collectors.toList());
    }

    private String statusText() {
        for (StatusBarNotification n : notifications.getActiveNotifications()) {
            if (n.getId() == Notifier.STATUS_ID) {
                return String.valueOf(n.getNotification().extras.getCharSequence(android.app.Notification.EXTRA_TEXT));
            }
        }
        return null;
    }

    @Test
    public void aReceivedNotificationIsPostedInItsChannelWithTitleTextAndAnIntentThatOpensItsUri() {
        PushService service = start();
        assertThat(shadowOf(service).getLastForegroundNotification().getChannelId()).isEqualTo(Notifier.CHANNEL_STATUS);
        await().atMost(WAIT).until(() -> "Connected".equals(statusText()));

        String id = server.send(XPush.deviceAccount(app), "Order shipped", "Your order 7 is on its way",
                "https://shop.example/orders/7", null);
        await().atMost(WAIT).until(() -> server.acknowledged(id) == 1);
        await().atMost(WAIT).until(() -> posted().size() == 1);

        android.app.Notification n = posted().get(0).getNotification();
        assertThat(n.getChannelId()).isEqualTo(Notifier.CHANNEL);
        assertThat(n.extras.getCharSequence(android.app.Notification.EXTRA_TITLE).toString()).isEqualTo("Order shipped");
        assertThat(n.extras.getCharSequence(android.app.Notification.EXTRA_TEXT).toString()).isEqualTo("Your order 7 is on its way");
        ShadowPendingIntent tap = shadowOf(n.contentIntent);
        assertThat(tap.isActivityIntent()).isTrue();
        Intent opened = tap.getSavedIntent();
        assertThat(opened.getAction()).isEqualTo(Intent.ACTION_VIEW);
        assertThat(opened.getDataString()).isEqualTo("https://shop.example/orders/7");
        assertThat(notifications.getNotificationChannel(Notifier.CHANNEL).getImportance())
                .isEqualTo(NotificationManager.IMPORTANCE_DEFAULT);
    }

    @Test
    public void aHighPriorityNotificationWithoutUriGoesToTheHighChannelAndOpensTheApp() {
        ComponentName main = new ComponentName(app, "org.example.MainActivity");
        shadowOf(app.getPackageManager()).addActivityIfNotPresent(main);
        IntentFilter launcher = new IntentFilter(Intent.ACTION_MAIN);
        launcher.addCategory(Intent.CATEGORY_LAUNCHER);
        shadowOf(app.getPackageManager()).addIntentFilterForActivity(main, launcher);
        start();

        String id = server.send(XPush.deviceAccount(app), "Alarm", "Door open", null, "high");
        await().atMost(WAIT).until(() -> server.acknowledged(id) == 1);
        await().atMost(WAIT).until(() -> posted().size() == 1);

        android.app.Notification n = posted().get(0).getNotification();
        assertThat(n.getChannelId()).isEqualTo(Notifier.CHANNEL_HIGH);
        assertThat(notifications.getNotificationChannel(Notifier.CHANNEL_HIGH).getImportance())
                .isEqualTo(NotificationManager.IMPORTANCE_HIGH);
        Intent opened = shadowOf(n.contentIntent).getSavedIntent();
        assertThat(opened.getComponent()).isEqualTo(main);
    }

    @Test
    public void aRegisteredHandlerGetsTheNotificationWhichIsAcknowledgedAndNothingIsPosted() {
        List<Notification> handled = new CopyOnWriteArrayList<>();
        XPush.setNotificationHandler((context, notification) -> handled.add(notification));
        start();

        String id = server.send(XPush.deviceAccount(app), "Handled", "by the app", "app://inbox/3", null);
        await().atMost(WAIT).until(() -> server.acknowledged(id) == 1);
        assertThat(handled).hasSize(1);
        assertThat(handled.get(0).id()).isEqualTo(id);
        assertThat(handled.get(0).title()).isEqualTo("Handled");
        assertThat(handled.get(0).uri()).isEqualTo("app://inbox/3");
        assertThat(posted()).isEmpty();
    }

    @Test
    public void aHandlerThatThrowsLeavesTheNotificationUnacknowledged() {
        List<String> refused = new CopyOnWriteArrayList<>();
        XPush.setNotificationHandler((context, notification) -> {
            refused.add(notification.id());
            throw new IllegalStateException("the app cannot store it now");
        });
        start();

        String id = server.send(XPush.deviceAccount(app), "Refused", "by the app", null, null);
        await().atMost(WAIT).until(() -> refused.contains(id));
        // the client answers a refused notification with nothing: still unacknowledged once the server has it back
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> server.acknowledged(id) == 0);
        assertThat(posted()).isEmpty();
    }

    @Test
    public void withNotificationsDeniedTheNotificationIsStillAcknowledgedAndTheAppIsTold() {
        shadowOf(app).denyPermissions(Manifest.permission.POST_NOTIFICATIONS);
        start();

        String id = server.send(XPush.deviceAccount(app), "Not shown", "permission denied", null, null);
        await().atMost(WAIT).until(() -> server.acknowledged(id) == 1);
        assertThat(posted()).isEmpty();
        List<Intent> told = shadowOf(app).getBroadcastIntents().stream()
                .filter(i -> XPush.ACTION_NOTIFICATION_NOT_SHOWN.equals(i.getAction()))
                .collect(Collectors.toList());
        assertThat(told).hasSize(1);
        assertThat(told.get(0).getPackage()).isEqualTo(app.getPackageName());
        assertThat(told.get(0).getStringExtra(XPush.EXTRA_ID)).isEqualTo(id);
        assertThat(told.get(0).getStringExtra(XPush.EXTRA_TITLE)).isEqualTo("Not shown");
    }

    @Test
    public void withoutNetworkNoAttemptIsMadeAndANetworkComingBackReconnectsAtOnce() {
        PushService service = start();
        String user = XPush.deviceAccount(app);
        ConnectivityManager cm = app.getSystemService(ConnectivityManager.class);
        List<ConnectivityManager.NetworkCallback> callbacks = List.copyOf(shadowOf(cm).getNetworkCallbacks());
        assertThat(callbacks).hasSize(1);
        Network network = ShadowNetwork.newInstance(100);

        callbacks.get(0).onLost(network);
        server.kick(user); // the connection goes away while there is "no network"
        await().atMost(WAIT).until(() -> "Waiting for network".equals(statusText()));
        assertThat(service.client().isConnected()).isFalse();
        assertThat(server.user(user).get("online").asBoolean()).isFalse();

        // the only way back is the callback: no back-off timer is pending
        callbacks.get(0).onAvailable(network);
        await().atMost(Duration.ofSeconds(10)).until(() -> service.client().isConnected());
        await().atMost(WAIT).until(() -> "Connected".equals(statusText()));
        String id = server.send(user, "after the network came back", "hello", null, null);
        await().atMost(WAIT).until(() -> server.acknowledged(id) == 1);
    }

    @Test
    public void aliasAndTagsSetBeforeTheFirstConnectionAreAppliedOnceConnectedAndLaterChangesToo() {
        XPush.setAlias(app, "user-42");
        XPush.setTags(app, "news", "sport");
        start();
        String user = XPush.deviceAccount(app);

        await().atMost(WAIT).until(() -> "user-42".equals(server.user(user).path("alias").asText()));
        await().atMost(WAIT).until(() -> server.user(user).path("tags").toString().equals("[\"news\",\"sport\"]"));
        await().atMost(WAIT).until(() -> XPushState.of(app).pendingAlias() == null && XPushState.of(app).pendingTags() == null);

        XPush.setAlias(app, "user-43");
        await().atMost(WAIT).until(() -> "user-43".equals(server.user(user).path("alias").asText()));
    }

    @Test
    public void startingAgainKeepsTheConnectionAndANewConfigurationReplacesIt() {
        PushService service = start();
        org.xpush.client.PushClient first = service.client();

        XPush.start(app, server.config().build());
        controller.startCommand(0, 2);
        assertThat(service.client()).isSameAs(first);

        XPush.start(app, server.config().keepAlive(Duration.ofSeconds(30)).build());
        controller.startCommand(0, 3);
        assertThat(service.client()).isNotSameAs(first);
        await().atMost(WAIT).until(() -> service.client().isConnected());
        await().atMost(WAIT).until(() -> !first.isConnected());
    }

    @Test
    public void stopEndsTheSessionAndTheServiceDoesNotComeBack() {
        start();
        String user = XPush.deviceAccount(app);
        await().atMost(WAIT).until(() -> server.user(user).get("online").asBoolean());

        XPush.stop(app);
        assertThat(shadowOf(app).getNextStoppedService().getComponent().getClassName()).isEqualTo(PushService.class.getName());
        controller.destroy();
        controller = null;
        await().atMost(WAIT).until(() -> !server.user(user).get("online").asBoolean());
        assertThat(XPush.isStarted(app)).isFalse();

        // the system restarting the sticky service now finds it stopped: it stops itself without connecting
        ServiceController<PushService> again = Robolectric.buildService(PushService.class).create().startCommand(0, 2);
        assertThat(shadowOf(again.get()).isStoppedBySelf()).isTrue();
        assertThat(again.get().client()).isNull();
        again.destroy();
        shadowOf(Looper.getMainLooper()).idle();
    }
}
