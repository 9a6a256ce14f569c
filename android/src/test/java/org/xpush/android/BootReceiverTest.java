package org.xpush.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.robolectric.Shadows.shadowOf;

import android.app.Application;
import android.content.Intent;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;

/** After a reboot or an app update the service comes back if the app had started it, and only then. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class BootReceiverTest {

    private Application app;

    @Before
    public void setUp() {
        app = RuntimeEnvironment.getApplication();
    }

    private Intent boot(String action) {
        while (shadowOf(app).getNextStartedService() != null) {
            // forget the services started so far
        }
        new BootReceiver().onReceive(app, new Intent(action));
        return shadowOf(app).getNextStartedService();
    }

    private static XPushConfig config() {
        return XPushConfig.builder("push.example.com").build();
    }

    @Test
    public void aServiceThatWasRunningIsStartedAgainAfterBootAndAfterAnUpdate() {
        XPush.start(app, config());

        Intent started = boot(Intent.ACTION_BOOT_COMPLETED);
        assertThat(started).isNotNull();
        assertThat(started.getComponent().getClassName()).isEqualTo(PushService.class.getName());
        assertThat(boot(Intent.ACTION_MY_PACKAGE_REPLACED).getComponent().getClassName())
                .isEqualTo(PushService.class.getName());
    }

    @Test
    public void aServiceThatWasStoppedIsNotStarted() {
        XPush.start(app, config());
        XPush.stop(app);

        assertThat(boot(Intent.ACTION_BOOT_COMPLETED)).isNull();
        assertThat(boot(Intent.ACTION_MY_PACKAGE_REPLACED)).isNull();
    }

    @Test
    public void aServiceThatWasNeverStartedIsNotStarted() {
        assertThat(boot(Intent.ACTION_BOOT_COMPLETED)).isNull();
    }

    @Test
    public void otherBroadcastsStartNothing() {
        XPush.start(app, config());
        assertThat(boot(Intent.ACTION_SCREEN_ON)).isNull();
    }
}
