package org.xpush.bench.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerProcessTest {

    @Test
    void benchmarkSettingsGoToTheServerWithTheDataDirectory() {
        List<String> args = ServerProcess.serverCommandLine(Path.of("/tmp/d"), List.of());
        assertThat(args).contains("--tls-required=false", "--plain-without-tls=true", "--xmpp-port=0",
                "--xmpp-tls-port=-1", "--http-port=0", "--data-dir=/tmp/d", "--api-requests-per-second=100000000");
    }

    @Test
    void aGivenFlagReplacesTheBenchmarksOwnValue() {
        List<String> args = ServerProcess.serverCommandLine(Path.of("/tmp/d"),
                List.of("--api-requests-per-second=1000", "--db-url", "jdbc:postgresql://x/y"));
        assertThat(args).doesNotContain("--api-requests-per-second=100000000")
                .endsWith("--api-requests-per-second=1000", "--db-url", "jdbc:postgresql://x/y");
    }
}
