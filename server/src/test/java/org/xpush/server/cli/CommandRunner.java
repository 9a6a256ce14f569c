package org.xpush.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs one command group ({@code apikey}, {@code admin}, …) in-process against a data directory, capturing output. */
final class CommandRunner {

    private final Object command;
    private final Path dataDir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    CommandRunner(Object command, Path dataDir) {
        this.command = command;
        this.dataDir = dataDir;
    }

    /** Runs {@code args --data-dir DIR}; returns the exit code. Output of the previous run is cleared. */
    int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cl = new CommandLine(command);
        for (CommandLine sub : cl.getSubcommands().values()) SettingsOptions.addTo(sub.getCommandSpec());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        String[] withDataDir = new String[args.length + 2];
        System.arraycopy(args, 0, withDataDir, 0, args.length);
        withDataDir[args.length] = "--data-dir";
        withDataDir[args.length + 1] = dataDir.toString();
        return cl.execute(withDataDir);
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }
}
