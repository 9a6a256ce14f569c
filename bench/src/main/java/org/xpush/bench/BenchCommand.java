package org.xpush.bench;

import org.xpush.bench.scenario.AcceptScenario;
import org.xpush.bench.scenario.FanoutScenario;
import org.xpush.bench.scenario.IdleScenario;
import org.xpush.bench.scenario.LoginStormScenario;
import org.xpush.bench.scenario.MessageFanoutScenario;
import org.xpush.bench.scenario.OfflineDrainScenario;
import org.xpush.bench.scenario.UnicastScenario;
import org.xpush.bench.scenario.XmppRouteScenario;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code xpush-bench}: the load generator's command line. Each scenario starts a server from its jar (or uses a
 * running one), prepares its devices, measures, and prints one JSON line on standard output; progress goes to
 * standard error. See bench/README.md.
 */
@Command(name = "xpush-bench", mixinStandardHelpOptions = true,
        description = {"Benchmarks of the xpush server with simulated XMPP devices.",
                "JMH microbenchmarks: xpush-bench jmh [JMH options] (jmh -h for JMH's help)."},
        subcommands = {AcceptScenario.class, UnicastScenario.class, FanoutScenario.class, OfflineDrainScenario.class,
                IdleScenario.class, LoginStormScenario.class, XmppRouteScenario.class, MessageFanoutScenario.class})
public final class BenchCommand {

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            // JMH microbenchmarks (package org.xpush.bench.jmh), with JMH's own command line: jmh -h
            org.openjdk.jmh.Main.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        System.exit(commandLine().execute(args));
    }

    /** The command line, for tests: set its out to capture the JSON line. */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchCommand());
    }
}
