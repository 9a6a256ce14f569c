package org.xpush.client;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the integration test classes whose tests share one {@link RealServer}: started in a data directory of its
 * own before the first test of the class and stopped after the last. Each test gets a fresh device {@link #state}
 * directory, so tests see one another only through the server. (Tests that restart the server start their own.)
 */
abstract class SharedServerTests {

    @TempDir
    static Path serverDir;

    static RealServer server;

    /** The client's state directory (stored account, duplicate window), empty at the start of each test. */
    @TempDir
    Path state;

    @BeforeAll
    static void startServer() throws Exception {
        server = RealServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) server.close();
    }
}
