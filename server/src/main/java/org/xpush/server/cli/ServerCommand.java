package org.xpush.server.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xpush.server.XpushServer;
import org.xpush.server.config.ConfigException;
import org.xpush.server.config.ServerConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code xpush server}: runs a node until SIGTERM/SIGINT, then stops gracefully. */
@Command(name = "server", mixinStandardHelpOptions = true, description = "Run the xpush server.")
final class ServerCommand implements Callable<Integer> {

    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ServerConfig config;
        try {
            config = SettingsOptions.load(spec);
        } catch (ConfigException e) {
            System.err.println("xpush: " + e.getMessage());
            return 2;
        }
        MemoryDefaults.apply();
        XpushServer server = XpushServer.start(config);
        server.initialApiKey().ifPresent(k -> {
            // printed once: only its hash is stored
            System.out.println();
            System.out.println("  First start: an API key was created. It is shown only this once; keep it safe.");
            System.out.println("  API key (id " + k.key().id() + "): " + k.secret());
            System.out.println("  Try:  curl -H 'Authorization: Bearer " + k.secret() + "' http://127.0.0.1:"
                    + server.httpPort() + "/api/v1/users");
            System.out.println();
        });
        server.initialAdminPassword().ifPresent(password -> {
            // printed once: only its bcrypt hash is stored
            System.out.println();
            System.out.println("  First start: the console account 'admin' was created. Its password is shown only this once.");
            System.out.println("  Console: http://127.0.0.1:" + server.httpPort() + "/login  user: admin  password: " + password);
            System.out.println();
        });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("signal received, shutting down");
            server.close();
            stopped.countDown();
        }, "xpush-shutdown"));
        stopped.await();
        return 0;
    }
}
