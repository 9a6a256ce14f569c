package org.xpush.server.cli;

import java.util.concurrent.Callable;
import org.xpush.server.console.auth.AdminAccounts;
import org.xpush.server.console.auth.AdminStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code xpush admin passwd}: sets the password of a console account directly in the database (for a forgotten
 * password). With the default H2 file database the server must be stopped; with PostgreSQL it may run, and
 * sessions signed in before keep going until they end.
 */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Manage admin console accounts.",
        subcommands = {AdminCommand.Passwd.class})
final class AdminCommand {

    @Command(name = "passwd", mixinStandardHelpOptions = true,
            description = "Set a console account's password (prints a generated one if none is given).")
    static final class Passwd implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "NAME", defaultValue = AdminAccounts.INITIAL_USERNAME,
                description = "the console account (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--password", description = "the new password, 8 characters to 72 bytes (default: generate one and print it)")
        String password;

        @Override
        public Integer call() {
            return DatabaseCommands.run(spec, "changing passwords", (db, out, err) -> {
                AdminAccounts admins = new AdminAccounts(new AdminStore(db.jdbi()));
                String pw = password != null ? password : UserCommand.generatedPassword();
                if (!admins.changePassword(name, pw)) {
                    err.println("xpush: no console account " + name);
                    return 1;
                }
                out.println("password set for console account " + name + (password == null ? ": " + pw : ""));
                return 0;
            });
        }
    }
}
