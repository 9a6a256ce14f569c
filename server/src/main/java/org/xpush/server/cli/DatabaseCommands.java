package org.xpush.server.cli;

import java.io.PrintWriter;
import org.xpush.server.config.ConfigException;
import org.xpush.server.config.ServerConfig;
import org.xpush.server.storage.Database;
import org.xpush.server.storage.DatabaseException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a command that works on the configured database directly (no server): loads the settings, opens and
 * migrates the database, runs the action, and turns failures into a message and an exit code (1: database, 2: bad
 * input or settings).
 */
final class DatabaseCommands {

    /** The command's work, given the open database and the command line's output streams. */
    interface Action {
        int run(Database db, PrintWriter out, PrintWriter err);
    }

    private DatabaseCommands() {}

    /**
     * @param doing what the command does, for the hint about H2's single process, e.g. {@code "managing API keys"}
     */
    static int run(CommandSpec spec, String doing, Action action) {
        PrintWriter err = spec.commandLine().getErr();
        ServerConfig config;
        try {
            config = SettingsOptions.load(spec);
        } catch (ConfigException e) {
            err.println("xpush: " + e.getMessage());
            return 2;
        }
        try (Database db = Database.open(config.dbUrl(), config.dataDir())) {
            return action.run(db, spec.commandLine().getOut(), err);
        } catch (DatabaseException e) {
            err.println("xpush: " + e.getMessage());
            if (config.dbUrl() == null) {
                err.println("xpush: with the default H2 database, stop the server before " + doing + ".");
            }
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("xpush: " + e.getMessage());
            return 2;
        }
    }
}
