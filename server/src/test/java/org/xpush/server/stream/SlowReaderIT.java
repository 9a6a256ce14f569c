package org.xpush.server.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.config.Setting;
import org.xpush.server.testing.RawXmppClient;
import org.xpush.server.testing.TestServer;

/**
 * A client that sends requests but never reads the answers: the server stops reading from it once its answers
 * back up (TCP backpressure reaches the client's writes) instead of buffering them without bound, and the
 * session survives once the client reads again.
 */
class SlowReaderIT {

    @TempDir
    Path dir;

    @Test
    void clientThatDoesNotReadIsThrottledNotBuffered() throws Exception {
        try (TestServer server = TestServer.start(dir, c -> c.set(Setting.TLS_REQUIRED, "false")
                .set(Setting.PLAIN_WITHOUT_TLS, "true"));
                RawXmppClient login = new RawXmppClient(server.xmppPort())) {
            server.createUser("flood", "pw");
            login.send(RawXmppClient.HEADER).readUntil("</stream:features>");
            login.send("<iq type='set' id='a'><query xmlns='jabber:iq:auth'><username>flood</username>"
                    + "<password>pw</password><resource>r</resource></query></iq>");
            login.readUntil("id='a'");

            Socket socket = login.socket();
            socket.setReceiveBufferSize(4096);
            byte[] ping = "<iq type='get' id='p'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"
                    .getBytes(StandardCharsets.US_ASCII);
            AtomicLong written = new AtomicLong();
            Thread writer = new Thread(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    for (int i = 0; i < 2_000_000; i++) { // ~170 MB of requests if nothing pushed back
                        out.write(ping);
                        written.addAndGet(ping.length);
                    }
                } catch (java.io.IOException e) {
                    // the test closes the socket to end this thread
                }
            }, "flooding-writer");
            writer.setDaemon(true);
            writer.start();
            try {
                // the writer stalls: the server stopped reading because the client does not read its answers
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                        .until(new java.util.concurrent.Callable<Boolean>() {
                            long last = -1;

                            @Override
                            public Boolean call() {
                                long now = written.get();
                                boolean stalled = now == last && now > 0;
                                last = now;
                                return stalled;
                            }
                        });
                assertThat(written.get()).as("far less than everything was accepted").isLessThan(100_000_000L);
                assertThat(writer.isAlive()).isTrue();
                assertThat(server.server().sessions().sessionsOf("flood")).hasSize(1);
            } finally {
                socket.close();
                writer.join(10_000);
            }
        }
    }
}
