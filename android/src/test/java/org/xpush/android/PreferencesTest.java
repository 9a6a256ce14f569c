package org.xpush.android;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import android.app.Application;
import android.content.Context;
import android.content.SharedPreferences;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.RobolectricTestRunner;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.annotation.Config;
import org.xpush.client.Credentials;

/** What the library keeps in SharedPreferences: the device account, the duplicate window, the configuration. */
@RunWith(RobolectricTestRunner.class)
@Config(sdk = 34)
public class PreferencesTest {

    private Application app;

    @Before
    public void setUp() {
        app = RuntimeEnvironment.getApplication();
    }

    @Test
    public void credentialsAreSavedToAndReadFromThePreferences() throws IOException {
        assertThat(SharedPreferencesCredentialStore.of(app).load()).isNull();

        SharedPreferencesCredentialStore.of(app).save(new Credentials("3f2a9c", "secret-1"));

        // a new store on the same file, as after a restart of the process
        assertThat(SharedPreferencesCredentialStore.of(app).load()).isEqualTo(new Credentials("3f2a9c", "secret-1"));
        SharedPreferences raw = app.getSharedPreferences(SharedPreferencesCredentialStore.PREFERENCES, Context.MODE_PRIVATE);
        assertThat(raw.getString("username", null)).isEqualTo("3f2a9c");
        assertThat(XPush.deviceAccount(app)).isEqualTo("3f2a9c");

        SharedPreferencesCredentialStore.of(app).clear();
        assertThat(SharedPreferencesCredentialStore.of(app).load()).isNull();
        assertThat(XPush.deviceAccount(app)).isNull();
    }

    @Test
    public void aStoreWithOnlyAUserNameIsAnErrorThatSaysWhatToDo() {
        app.getSharedPreferences(SharedPreferencesCredentialStore.PREFERENCES, Context.MODE_PRIVATE)
                .edit().putString("username", "3f2a9c").commit();

        assertThatThrownBy(() -> SharedPreferencesCredentialStore.of(app).load())
                .isInstanceOf(IOException.class).hasMessageContaining("clear them");
    }

    @Test
    public void receivedIdsRoundTripAndIdsWithLineBreaksAreLeftOut() throws IOException {
        SharedPreferences p = app.getSharedPreferences("ids", Context.MODE_PRIVATE);
        assertThat(new SharedPreferencesReceivedIdStore(p).load()).isEmpty();

        new SharedPreferencesReceivedIdStore(p).save(Arrays.asList("a1", "bad\nid", "b2", ""));

        assertThat(new SharedPreferencesReceivedIdStore(p).load()).containsExactly("a1", "b2");
    }

    @Test
    public void theConfigurationIsKeptForTheServiceToRestartWith() {
        XPushConfig config = XPushConfig.builder("push.example.com").port(5223).domain("example.com")
                .pinnedCertificate("ab".repeat(32)).keepAlive(Duration.ofSeconds(90)).build();

        XPush.start(app, config);

        assertThat(XPushState.of(app).config()).isEqualTo(config);
        assertThat(XPushState.of(app).isRunning()).isTrue();
        XPush.stop(app);
        assertThat(XPushState.of(app).isRunning()).isFalse();
    }

    @Test
    public void badConfigurationsAreRefusedWithAClearMessage() {
        assertThatThrownBy(() -> XPushConfig.builder(" ")).hasMessageContaining("empty host");
        assertThatThrownBy(() -> XPushConfig.builder("h").port(0)).hasMessageContaining("1 to 65535");
        assertThatThrownBy(() -> XPushConfig.builder("h").pinnedCertificate("not-hex"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XPushConfig.builder("h").keepAlive(Duration.ofSeconds(3))).hasMessageContaining("at least");
    }

    @Test
    public void aliasAndTagsStayPendingUntilTheServerConfirmsTheLatestOnes() {
        XPush.setAlias(app, "user-42");
        XPush.setTags(app, "news", "sport");
        XPushState state = XPushState.of(app);
        assertThat(state.pendingAlias()).isEqualTo("user-42");
        assertThat(state.pendingTags()).containsExactly("news", "sport");

        state.aliasApplied("user-41"); // an older change confirmed late: the latest one is still pending
        assertThat(state.pendingAlias()).isEqualTo("user-42");
        state.aliasApplied("user-42");
        state.tagsApplied(List.of("news", "sport"));
        assertThat(state.pendingAlias()).isNull();
        assertThat(state.pendingTags()).isNull();

        state.accountReplaced(); // a new device account has neither: both are sent again
        assertThat(state.pendingAlias()).isEqualTo("user-42");
        assertThat(state.pendingTags()).containsExactly("news", "sport");
    }

    @Test
    public void badAliasesAndTagsAreRefusedAndNothingIsKept() {
        assertThatThrownBy(() -> XPush.setAlias(app, "x".repeat(256))).hasMessageContaining("255");
        assertThatThrownBy(() -> XPush.setTags(app, "ok", "")).hasMessageContaining("1 to 255");
        assertThatThrownBy(() -> XPush.setTags(app, "two\nlines")).hasMessageContaining("line break");
        assertThat(XPushState.of(app).pendingAlias()).isNull();
        assertThat(XPushState.of(app).pendingTags()).isNull();
    }
}
