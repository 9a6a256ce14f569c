package org.xpush.server.console.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.testing.H2TestDatabase;

/** Console accounts on a real H2 database; bcrypt at its lowest cost to keep the test quick. */
class AdminAccountsTest {

    @RegisterExtension
    final H2TestDatabase h2 = new H2TestDatabase();

    private AdminStore store;
    private AdminAccounts admins;

    @BeforeEach
    void open() {
        store = new AdminStore(h2.database().jdbi());
        admins = new AdminAccounts(store, 4, new ManualClock());
    }

    @Test
    void firstStartCreatesAdminWithAGeneratedPasswordShownOnce() {
        String password = admins.ensureInitialAccount(null).orElseThrow();
        assertThat(password).hasSizeGreaterThanOrEqualTo(20);
        assertThat(admins.verify("admin", password)).isTrue();
        assertThat(admins.ensureInitialAccount(null)).isEmpty();
        assertThat(store.count()).isOne();
    }

    @Test
    void onlyTheHashIsStored() {
        String password = admins.ensureInitialAccount(null).orElseThrow();
        String hash = store.passwordHash("admin").orElseThrow();
        assertThat(hash).startsWith("$2a$04$").doesNotContain(password);
    }

    @Test
    void passwordFromTheEnvironmentIsUsedAndNotEchoed() {
        assertThat(admins.ensureInitialAccount("correct horse battery")).isEmpty();
        assertThat(admins.verify("admin", "correct horse battery")).isTrue();
    }

    @Test
    void unusablePasswordFromTheEnvironmentIsRefusedWithAReason() {
        assertThatThrownBy(() -> admins.ensureInitialAccount("short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XPUSH_ADMIN_PASSWORD");
        assertThatThrownBy(() -> admins.ensureInitialAccount("x".repeat(73)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("72 bytes");
        assertThat(store.count()).isZero();
    }

    @Test
    void wrongPasswordsUnknownNamesAndOverlongPasswordsDoNotVerify() {
        admins.ensureInitialAccount("correct horse battery");
        assertThat(admins.verify("admin", "correct horse batterY")).isFalse();
        assertThat(admins.verify("nobody", "correct horse battery")).isFalse();
        assertThat(admins.verify("admin", "correct horse battery" + "x".repeat(60))).isFalse();
        assertThat(admins.verify("admin", null)).isFalse();
        assertThat(admins.verify(null, "x")).isFalse();
    }

    @Test
    void changedPasswordReplacesTheOldOne() {
        admins.ensureInitialAccount("correct horse battery");
        assertThat(admins.changePassword("admin", "new password 2")).isTrue();
        assertThat(admins.verify("admin", "correct horse battery")).isFalse();
        assertThat(admins.verify("admin", "new password 2")).isTrue();
        assertThat(admins.changePassword("nobody", "new password 2")).isFalse();
        assertThatThrownBy(() -> admins.changePassword("admin", "short")).isInstanceOf(IllegalArgumentException.class);
    }
}
