package org.xpush.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.apikey.ApiKeyService;
import org.xpush.server.apikey.ApiKeyStore;
import org.xpush.server.storage.Database;

/** {@code xpush apikey …} against an H2 database in a fresh data directory, without a server. */
class ApiKeyCommandTest {

    @TempDir
    Path dataDir;

    private CommandRunner cli;

    @BeforeEach
    void commandLine() {
        cli = new CommandRunner(new ApiKeyCommand(), dataDir);
    }

    @Test
    void createListRevoke() {
        assertThat(cli.run("create", "billing service")).isZero();
        String key = cli.out().strip();
        assertThat(key).matches("xp_[A-Za-z0-9_-]{43}");
        assertThat(cli.err()).contains("(billing service)", "cannot be shown again");
        String id = cli.err().replaceAll("(?s).*created API key ([0-9a-f]{12}) .*", "$1");

        assertThat(cli.run("list")).isZero();
        assertThat(cli.out().lines()).anySatisfy(line -> assertThat(line).startsWith("ID "));
        assertThat(cli.out().lines())
                .anySatisfy(line -> assertThat(line).startsWith(id).contains("billing service").endsWith("-"));
        assertThat(cli.out()).doesNotContain(key);

        assertThat(cli.run("revoke", id)).isZero();
        assertThat(cli.out()).contains("revoked API key " + id);
        assertThat(cli.run("revoke", id)).as("revoking twice is harmless").isZero();
        assertThat(cli.out()).contains("revoked already");

        try (Database db = Database.open(null, dataDir)) {
            ApiKeyService keys = new ApiKeyService(new ApiKeyStore(db.jdbi()), Runnable::run);
            assertThat(keys.authenticate(key)).isEmpty();
            assertThat(keys.find(id).orElseThrow().isRevoked()).isTrue();
        }
    }

    @Test
    void unknownIdAndBadNameAreErrors() {
        assertThat(cli.run("revoke", "0123456789ab")).isEqualTo(1);
        assertThat(cli.err()).contains("no API key 0123456789ab");

        assertThat(cli.run("create", " ")).isEqualTo(2);
        assertThat(cli.err()).contains("must not be empty");
    }
}
