package org.xpush.server.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.xpush.server.apikey.ApiKey;
import org.xpush.server.apikey.ApiKeyService;
import org.xpush.server.apikey.ApiKeyStore;
import org.xpush.server.apikey.NewApiKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xpush apikey create|list|revoke}: manages the HTTP API's keys directly in the database. With the default
 * H2 file database the server must be stopped (H2 allows one process); with PostgreSQL it may run, and a key
 * revoked here is refused by running nodes within a few seconds (their lookup cache).
 */
@Command(name = "apikey", mixinStandardHelpOptions = true, description = "Manage API keys for the HTTP API.",
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.ListKeys.class, ApiKeyCommand.Revoke.class})
final class ApiKeyCommand {

    /** Opens the configured database, runs the action, and turns failures into a message and exit code. */
    static int withApiKeys(CommandSpec spec, KeyAction action) {
        // Nothing here authenticates, so there are no last-use writes to put in the background.
        return DatabaseCommands.run(spec, "managing API keys",
                (db, out, err) -> action.run(new ApiKeyService(new ApiKeyStore(db.jdbi()), Runnable::run), out, err));
    }

    interface KeyAction {
        int run(ApiKeyService keys, PrintWriter out, PrintWriter err);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an API key and print it (on standard output, alone: it is not shown again).")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "a label, e.g. the calling service")
        String name;

        @Override
        public Integer call() {
            return withApiKeys(spec, (keys, out, err) -> {
                NewApiKey created = keys.create(name);
                out.println(created.secret());
                err.println("created API key " + created.key().id() + " (" + created.key().name()
                        + "); store the key now: it cannot be shown again");
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys, revoked ones included.")
    static final class ListKeys implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            return withApiKeys(spec, (keys, out, err) -> {
                List<ApiKey> all = keys.list();
                int nameWidth = Math.max(4, all.stream().mapToInt(k -> k.name().length()).max().orElse(0));
                String row = "%-12s  %-" + nameWidth + "s  %-20s  %-20s  %s%n";
                out.printf(row, "ID", "NAME", "CREATED", "LAST USED", "REVOKED");
                for (ApiKey key : all) {
                    out.printf(row, key.id(), key.name(), time(key.created()), time(key.lastUsed()), time(key.revoked()));
                }
                err.println(all.size() + " API keys, " + all.stream().filter(k -> !k.isRevoked()).count() + " valid");
                return 0;
            });
        }

        private static String time(Instant instant) {
            return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revoke an API key: requests with it are refused from now on.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "ID", description = "the key's id, as `xpush apikey list` shows it")
        String id;

        @Override
        public Integer call() {
            return withApiKeys(spec, (keys, out, err) -> {
                Optional<ApiKey> key = keys.find(id);
                if (key.isEmpty()) {
                    err.println("xpush: no API key " + id);
                    return 1;
                }
                if (keys.revoke(id)) {
                    out.println("revoked API key " + id + " (" + key.get().name() + ")");
                } else {
                    out.println("API key " + id + " (" + key.get().name() + ") was revoked already");
                }
                return 0;
            });
        }
    }
}
