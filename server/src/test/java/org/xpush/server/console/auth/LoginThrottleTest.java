package org.xpush.server.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final ManualClock clock = new ManualClock();
    private final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(30), Duration.ofMinutes(5), clock);

    private void fail(int times, String user, String address) {
        for (int i = 0; i < times; i++) throttle.failed(user, address);
    }

    @Test
    void theFirstFailuresCostNothing() {
        fail(3, "admin", "10.0.0.1");
        assertThat(throttle.lockedFor("admin", "10.0.0.1")).isZero();
    }

    @Test
    void eachFurtherFailureLocksTwiceAsLongUpToTheMaximum() {
        fail(4, "admin", "10.0.0.1");
        assertThat(throttle.lockedFor("admin", "10.0.0.1")).isEqualTo(Duration.ofSeconds(30));
        throttle.failed("admin", "10.0.0.1");
        assertThat(throttle.lockedFor("admin", "10.0.0.1")).isEqualTo(Duration.ofSeconds(60));
        fail(10, "admin", "10.0.0.1");
        assertThat(throttle.lockedFor("admin", "10.0.0.1")).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aLockEndsWhenItsTimeIsUp() {
        fail(4, "admin", "10.0.0.1");
        clock.advance(Duration.ofSeconds(29));
        assertThat(throttle.lockedFor("admin", "10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.lockedFor("admin", "10.0.0.1")).isZero();
    }

    @Test
    void theAccountIsLockedFromEveryAddressButTheAddressStaysOpenForOthers() {
        fail(4, "admin", "10.0.0.1");
        assertThat(throttle.lockedFor("admin", "10.0.0.2")).isPositive();
        assertThat(throttle.lockedFor("other", "10.0.0.1")).isZero();
    }

    @Test
    void guessingManyAccountsFromOneAddressLocksTheAddress() {
        int free = 3 * LoginThrottle.ADDRESS_FACTOR;
        for (int i = 0; i < free; i++) throttle.failed("user" + i, "10.0.0.9");
        assertThat(throttle.lockedFor("someone-else", "10.0.0.9")).isZero();
        throttle.failed("one-more", "10.0.0.9");
        assertThat(throttle.lockedFor("someone-else", "10.0.0.9")).isPositive();
        assertThat(throttle.lockedFor("someone-else", "10.0.0.8")).isZero();
    }

    @Test
    void successClearsTheCounts() {
        fail(3, "admin", "10.0.0.1");
        throttle.succeeded("admin", "10.0.0.1");
        throttle.failed("admin", "10.0.0.1");
        assertThat(throttle.lockedFor("admin", "10.0.0.1")).isZero();
    }

    @Test
    void failuresAreForgottenAnHourAfterTheLast() {
        fail(3, "admin", "10.0.0.1");
        clock.advance(LoginThrottle.FORGET_AFTER);
        throttle.failed("admin", "10.0.0.1");
        assertThat(throttle.lockedFor("admin", "10.0.0.1")).isZero();
    }
}
