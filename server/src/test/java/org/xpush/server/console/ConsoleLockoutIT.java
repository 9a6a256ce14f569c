package org.xpush.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.testing.ConsoleHttp;
import org.xpush.server.testing.ConsoleHttp.Page;
import org.xpush.server.testing.TestServer;

/** Repeated failed sign-ins lock the account: even the right password is refused until the lock ends. */
class ConsoleLockoutIT {

    @TempDir
    Path dir;

    TestServer server;

    @BeforeEach
    void start() throws Exception {
        server = TestServer.start(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void afterRepeatedFailuresEvenTheRightPasswordIsRefusedForAWhile() throws Exception {
        ConsoleHttp console = new ConsoleHttp(server);
        for (int i = 0; i < 6; i++) {
            assertThat(console.signIn("admin", "guess-" + i).status()).as("attempt %d", i + 1).isEqualTo(401);
        }
        Page locked = console.signIn("admin", server.adminPassword());
        assertThat(locked.status()).isEqualTo(429);
        assertThat(locked.body()).contains("Too many failed sign-ins");
        assertThat(Long.parseLong(locked.header("Retry-After"))).isBetween(1L, 31L);
        assertThat(ConsoleHttp.cookieNames(locked)).doesNotContain(ConsoleGuard.SESSION_COOKIE);
        assertThat(console.get("/").status()).isEqualTo(303);

        // another account from the same address is not locked by these failures
        assertThat(new ConsoleHttp(server).signIn("someone", "whatever123").status()).isEqualTo(401);
    }
}
