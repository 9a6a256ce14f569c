package org.xpush.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.console.auth.AdminAccounts;
import org.xpush.server.console.auth.AdminStore;
import org.xpush.server.storage.Database;
import picocli.CommandLine;

/** {@code xpush admin passwd} against an H2 database in a fresh data directory, without a server. */
class AdminCommandTest {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

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
        assertThat(run("passwd", "--password", "a better password")).isZero();
        assertThat(out.toString()).contains("password set for console account admin").doesNotContain("better");
        assertThat(verify("a better password")).isTrue();
        assertThat(verify("the first password")).isFalse();
    }

    @Test
    void generatesAndPrintsOneWhenNoneIsGiven() {
        assertThat(run("passwd", "admin")).isZero();
        Matcher m = Pattern.compile("console account admin: (\\S+)").matcher(out.toString());
        assertThat(m.find()).isTrue();
        assertThat(verify(m.group(1))).isTrue();
    }

    @Test
    void unknownAccountAndShortPasswordAreErrors() {
        assertThat(run("passwd", "nobody", "--password", "long enough")).isEqualTo(1);
        assertThat(err.toString()).contains("no console account nobody");
        assertThat(run("passwd", "--password", "short")).isEqualTo(2);
        assertThat(err.toString()).contains("at least 8 characters");
        assertThat(verify("the first password")).isTrue();
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = new CommandLine(new AdminCommand());
        for (CommandLine sub : cl.getSubcommands().values()) SettingsOptions.addTo(sub.getCommandSpec());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] withDataDir = new String[args.length + 2];
        System.arraycopy(args, 0, withDataDir, 0, args.length);
        withDataDir[args.length] = "--data-dir";
        withDataDir[args.length + 1] = dataDir.toString();
        return cl.execute(withDataDir);
    }
}
