package org.xpush.server.cli;

import org.xpush.server.XpushServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code xpush}: the command line of the server (DESIGN §2). Run through the {@code ./xpush} launcher. */
@Command(
        name = "xpush",
        mixinStandardHelpOptions = true,
        versionProvider = XpushCommand.Version.class,
        description = "Self-hosted push notifications over XMPP.",
        subcommands = {ServerCommand.class, UserCommand.class, ApiKeyCommand.class, AdminCommand.class, SendCommand.class, StatusCommand.class,
                ListenCommand.class,
                CommandLine.HelpCommand.class})
public final class XpushCommand {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new XpushCommand());
        SettingsOptions.addTo(cl.getSubcommands().get("server").getCommandSpec());
        for (String group : new String[] {"user", "apikey", "admin"}) {
            SettingsOptions.addTo(cl.getSubcommands().get(group).getCommandSpec());
            for (CommandLine sub : cl.getSubcommands().get(group).getSubcommands().values()) {
                SettingsOptions.addTo(sub.getCommandSpec());
            }
        }
        return cl;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"xpush " + XpushServer.version()};
        }
    }
}
