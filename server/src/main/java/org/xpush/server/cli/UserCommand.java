package org.xpush.server.cli;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.xpush.server.account.AuthManager;
import org.xpush.server.account.JdbcAccountStore;
import org.xpush.server.config.ConfigException;
import org.xpush.server.config.ServerConfig;
import org.xpush.server.storage.Database;
import org.xpush.server.storage.DatabaseException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xpush user add|list|delete|passwd}: manages XMPP accounts directly in the database. With the default
 * H2 file database the server must be stopped (H2 allows one process); with PostgreSQL it may run.
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage XMPP accounts.",
        subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Delete.class, UserCommand.Passwd.class})
final class UserCommand {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Opens the configured database, runs the action, and turns failures into a message and exit code. */
    static int withAccounts(CommandSpec spec, AccountAction action) {
        ServerConfig config;
        try {
            config = SettingsOptions.load(spec);
        } catch (ConfigException e) {
            System.err.println("xpush: " + e.getMessage());
            return 2;
        }
        try (Database db = Database.open(config.dbUrl(), config.dataDir())) {
            return action.run(new AuthManager(new JdbcAccountStore(db.jdbi())));
        } catch (DatabaseException e) {
            System.err.println("xpush: " + e.getMessage());
            if (config.dbUrl() == null) {
                System.err.println("xpush: with the default H2 database, stop the server before managing users.");
            }
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("xpush: " + e.getMessage());
            return 2;
        }
    }

    interface AccountAction {
        int run(AuthManager auth);
    }

    static String generatedPassword() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account (prints a generated password if none is given).")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", description = "user name (JID local part)")
        String name;

        @Option(names = "--password", description = "the password (default: generate one and print it)")
        String password;

        @Override
        public Integer call() {
            return withAccounts(spec, auth -> {
                String pw = password != null ? password : generatedPassword();
                if (auth.register(name, pw) == AuthManager.Registration.CONFLICT) {
                    System.err.println("xpush: user " + AuthManager.normalizeUsername(name) + " already exists");
                    return 1;
                }
                System.out.println("created " + AuthManager.normalizeUsername(name)
                        + (password == null ? " password " + pw : ""));
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts.")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--prefix", description = "only names starting with this")
        String prefix;

        @Option(names = "--limit", defaultValue = "1000", description = "at most this many (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            return withAccounts(spec, auth -> {
                String after = null;
                int printed = 0;
                while (printed < limit) {
                    List<String> page = auth.store().list(prefix, after, Math.min(500, limit - printed));
                    if (page.isEmpty()) break;
                    for (String u : page) System.out.println(u);
                    printed += page.size();
                    after = page.get(page.size() - 1);
                }
                System.err.println(printed + " of " + auth.store().count() + " accounts");
                return 0;
            });
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete an account.")
    static final class Delete implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            return withAccounts(spec, auth -> {
                if (!auth.delete(name)) {
                    System.err.println("xpush: no user " + name);
                    return 1;
                }
                System.out.println("deleted " + AuthManager.normalizeUsername(name));
                return 0;
            });
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set an account's password (prints a generated one if none is given).")
    static final class Passwd implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--password", description = "the new password (default: generate one and print it)")
        String password;

        @Override
        public Integer call() {
            return withAccounts(spec, auth -> {
                String pw = password != null ? password : generatedPassword();
                if (!auth.changePassword(name, pw)) {
                    System.err.println("xpush: no user " + name);
                    return 1;
                }
                System.out.println("password set for " + AuthManager.normalizeUsername(name)
                        + (password == null ? ": " + pw : ""));
                return 0;
            });
        }
    }
}
