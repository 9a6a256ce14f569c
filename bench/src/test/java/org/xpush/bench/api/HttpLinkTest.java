package org.xpush.bench.api;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link HttpLink} against small real servers on 127.0.0.1: keep-alive reuse, a dropped connection, no answer. */
class HttpLinkTest {

    private final ServerSocket server;
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

    HttpLinkTest() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private URI base() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** Serves connections one after another; {@code answer} says what to do with each request. */
    private void serve(Behaviour answer) {
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    accepted.incrementAndGet();
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), US_ASCII));
                    OutputStream out = s.getOutputStream();
                    String line;
                    while ((line = in.readLine()) != null) {
                        requestLines.add(line);
                        int length = 0;
                        String h;
                        while ((h = in.readLine()) != null && !h.isEmpty()) {
                            if (h.toLowerCase().startsWith("content-length:")) length = Integer.parseInt(h.substring(15).trim());
                        }
                        for (int k = 0; k < length; k++) in.read(); // the body (ASCII JSON here)
                        if (!answer.handle(out)) break;
                    }
                } catch (IOException e) {
                    // the test closed the server, or the client went away
                }
            }
        });
    }

    private interface Behaviour {
        /** Answers (or not); false to drop the connection. */
        boolean handle(OutputStream out) throws IOException;
    }

    @Test
    void answersComeBackAndTheConnectionIsReused() throws Exception {
        serve(out -> {
            out.write("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"id\":\"a\"}\n".getBytes(US_ASCII));
            out.flush();
            return true;
        });
        try (HttpLink link = new HttpLink(base(), 5_000)) {
            for (int i = 0; i < 3; i++) {
                HttpLink.Answer a = link.send(HttpMethod.POST, "/api/v1/notifications", "Bearer k", "{}").get(5, TimeUnit.SECONDS);
                assertThat(a.status()).isEqualTo(202);
                assertThat(a.body()).isEqualTo("{\"id\":\"a\"}\n");
            }
        }
        assertThat(requestLines).containsOnly("POST /api/v1/notifications HTTP/1.1").hasSize(3);
        assertThat(accepted.get()).as("one keep-alive connection").isEqualTo(1);
    }

    @Test
    void aConnectionDroppedBeforeTheAnswerFailsTheRequest() {
        serve(out -> false);
        try (HttpLink link = new HttpLink(base(), 5_000)) {
            assertThatThrownBy(() -> link.send(HttpMethod.GET, "/metrics", null, null).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("closed before the answer");
        }
    }

    @Test
    void noAnswerWithinTheTimeoutFailsTheRequest() {
        serve(out -> true); // reads the request, never answers
        try (HttpLink link = new HttpLink(base(), 300)) {
            assertThatThrownBy(() -> link.send(HttpMethod.GET, "/metrics", null, null).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class)
                    .hasMessageContaining("no answer in 300 ms");
        }
    }

    @Test
    void aRefusedConnectionFailsTheRequest() throws IOException {
        URI closed = base();
        server.close();
        try (HttpLink link = new HttpLink(closed, 5_000)) {
            assertThatThrownBy(() -> link.send(HttpMethod.GET, "/metrics", null, null).get(5, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class);
        }
    }
}
