package org.xpush.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.console.auth.AdminAccounts;
import org.xpush.server.console.auth.AdminStore;
import org.xpush.server.storage.Database;

/** {@code xpush admin passwd} against an H2 database in a fresh data directory, without a server. */
class AdminCommandTest {

    @TempDir
    Path dataDir;

    private CommandRunner cli;

    @BeforeEach
    void commandLine() {
        cli = new CommandRunner(new AdminCommand(), dataDir);
    }

    @BeforeEach
    void firstStart() {
        try (Database db = Database.open(null, dataDir)) {
            new AdminAccounts(new AdminStore(db.jdbi())).ensureInitialAccount("the first password");
        }
    }

    private boolean verify(String password) {
        try (Database db = Database.open(null, dataDir)) {
            return new AdminAccounts(new AdminStore(db.jdbi())).verify("admin", password);
        }
    }

    @Test
    void setsTheGivenPassword() {
        assertThat(cli.run("passwd", "--password", "a better password")).isZero();
        assertThat(cli.out()).contains("password set for console account admin").doesNotContain("better");
        assertThat(verify("a better password")).isTrue();
        assertThat(verify("the first password")).isFalse();
    }

    @Test
    void generatesAndPrintsOneWhenNoneIsGiven() {
        assertThat(cli.run("passwd", "admin")).isZero();
        Matcher m = Pattern.compile("console account admin: (\\S+)").matcher(cli.out());
        assertThat(m.find()).isTrue();
        assertThat(verify(m.group(1))).isTrue();
    }

    @Test
    void unknownAccountAndShortPasswordAreErrors() {
        assertThat(cli.run("passwd", "nobody", "--password", "long enough")).isEqualTo(1);
        assertThat(cli.err()).contains("no console account nobody");
        assertThat(cli.run("passwd", "--password", "short")).isEqualTo(2);
        assertThat(cli.err()).contains("at least 8 characters");
        assertThat(verify("the first password")).isTrue();
    }
}
