package org.xpush.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.apikey.ApiKeyService;
import org.xpush.server.apikey.ApiKeyStore;
import org.xpush.server.storage.Database;
import picocli.CommandLine;

/** {@code xpush apikey …} against an H2 database in a fresh data directory, without a server. */
class ApiKeyCommandTest {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void createListRevoke() {
        assertThat(run("create", "billing service")).isZero();
        String key = out.toString().strip();
        assertThat(key).matches("xp_[A-Za-z0-9_-]{43}");
        assertThat(err.toString()).contains("(billing service)", "cannot be shown again");
        String id = err.toString().replaceAll("(?s).*created API key ([0-9a-f]{12}) .*", "$1");

        assertThat(run("list")).isZero();
        assertThat(out.toString().lines()).anySatisfy(line -> assertThat(line).startsWith("ID "));
        assertThat(out.toString().lines())
                .anySatisfy(line -> assertThat(line).startsWith(id).contains("billing service").endsWith("-"));
        assertThat(out.toString()).doesNotContain(key);

        assertThat(run("revoke", id)).isZero();
        assertThat(out.toString()).contains("revoked API key " + id);
        assertThat(run("revoke", id)).as("revoking twice is harmless").isZero();
        assertThat(out.toString()).contains("revoked already");

        try (Database db = Database.open(null, dataDir)) {
            ApiKeyService keys = new ApiKeyService(new ApiKeyStore(db.jdbi()), Runnable::run);
            assertThat(keys.authenticate(key)).isEmpty();
            assertThat(keys.find(id).orElseThrow().isRevoked()).isTrue();
        }
    }

    @Test
    void unknownIdAndBadNameAreErrors() {
        assertThat(run("revoke", "0123456789ab")).isEqualTo(1);
        assertThat(err.toString()).contains("no API key 0123456789ab");

        assertThat(run("create", " ")).isEqualTo(2);
        assertThat(err.toString()).contains("must not be empty");
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = new CommandLine(new ApiKeyCommand());
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
