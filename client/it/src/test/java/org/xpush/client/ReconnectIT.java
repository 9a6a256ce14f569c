package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Staying connected: server restarts, cut sockets, "network is back", and a prompt stop. */
class ReconnectIT {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration CAP = Duration.ofSeconds(2);

    @TempDir
    Path serverDir;

    @TempDir
    Path state;

    RealServer server;

    @BeforeEach
    void startServer() throws Exception {
        server = RealServer.start(serverDir);
    }

    @AfterEach
    void stopServer() {
        if (server != null) server.close();
    }

    private Device device(ReconnectPolicy policy) {
        Device d = new Device(server, state, b -> b.reconnect(policy));
        d.start();
        await().atMost(WAIT).until(d.client::isConnected);
        return d;
    }

    private static ReconnectPolicy capped() {
        return ReconnectPolicy.builder().initialDelay(Duration.ofMillis(250)).maxDelay(CAP).resetAfter(Duration.ofSeconds(1)).build();
    }

    @Test
    void afterAServerRestartTheClientComesBackWithinTheBackoffBoundAndGetsWhatWasSentMeanwhile() throws Exception {
        try (Device d = device(capped())) {
            String user = d.client.username();

            // 1. by itself, within the bound: the next attempt after the server is back is at most CAP away
            server.restart();
            long up = System.nanoTime();
            int before = d.authenticatedAtNanos.size();
            await().atMost(WAIT).until(() -> d.authenticatedAtNanos.size() > before);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(d.authenticatedAtNanos.get(before) - up);
            assertThat(tookMillis).as("reconnected %d ms after the server was back", tookMillis)
                    .isLessThanOrEqualTo(CAP.toMillis() + 3_000);

            // 2. what was sent while it was away arrives: hold its attempts back, restart, send, let it go
            d.closeGate();
            server.restart();
            await().atMost(WAIT).until(() -> !d.client.isConnected());
            String id = server.api().sendToUser(user, "sent while away");
            assertThat(server.api().user(user).get("online").asBoolean()).isFalse();
            d.openGate();
            await().atMost(WAIT).until(() -> d.receivedIds().contains(id));
            await().atMost(WAIT).until(() -> server.api().counts(id).get("acknowledged").asInt() == 1);
        }
    }

    @Test
    void cutConnectionIsResumedAndNothingIsLost() throws Exception {
        try (Device d = device(capped())) {
            String user = d.client.username();
            String first = server.api().sendToUser(user, "before");
            await().atMost(WAIT).until(() -> d.receivedIds().contains(first));

            d.closeGate();
            d.client.cutConnection(); // the socket goes away without </stream:stream>, as on a network loss
            await().atMost(WAIT).until(() -> !d.client.isConnected());
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 3; i++) sent.add(server.api().sendToUser(user, "while away " + i));
            d.openGate();

            await().atMost(WAIT).until(() -> d.received.size() == 4);
            assertThat(d.events).contains("resumed");
            List<String> expected = new ArrayList<>();
            expected.add(first);
            expected.addAll(sent);
            assertThat(d.receivedIds()).containsExactlyElementsOf(expected);
            for (String id : sent) {
                await().atMost(WAIT).until(() -> server.api().counts(id).get("acknowledged").asInt() == 1);
            }
        }
    }

    @Test
    void networkAvailableEndsTheBackoffWaitAtOnce() throws Exception {
        ReconnectPolicy slow = ReconnectPolicy.builder().initialDelay(Duration.ofMinutes(1)).maxDelay(Duration.ofMinutes(1)).build();
        Random almostMax = new Random() {
            @Override
            public double nextDouble() {
                return 0.99;
            }
        };
        Device d = new Device(server, state, b -> b.reconnect(slow).random(almostMax));
        try (d) {
            d.start();
            await().atMost(WAIT).until(d.client::isConnected);
            server.restart();
            await().atMost(WAIT).until(() -> d.events.stream().anyMatch(e -> e.startsWith("reconnecting 5")));
            assertThat(d.client.isConnected()).isFalse();

            d.client.onNetworkAvailable();
            await().atMost(Duration.ofSeconds(10)).until(d.client::isConnected);
            assertThat(d.events).contains("reconnecting 0");
        }
    }

    @Test
    void networkLostHoldsAttemptsBackUntilTheNetworkIsAvailableAgain() throws Exception {
        try (Device d = device(capped())) {
            d.client.onNetworkLost();
            server.restart();
            await().atMost(WAIT).until(() -> d.events.contains("waiting for network"));
            int attempts = d.connectingAtNanos.size();

            // the server is back and the back-off is at most CAP, yet no attempt is made: there is "no network"
            await().during(CAP.multipliedBy(2)).atMost(CAP.multipliedBy(4))
                    .until(() -> !d.client.isConnected() && d.connectingAtNanos.size() == attempts);

            d.client.onNetworkAvailable();
            await().atMost(Duration.ofSeconds(10)).until(d.client::isConnected);
            assertThat(d.events).contains("reconnecting 0");
        }
    }

    @Test
    void stopEndsAConnectionAttemptThatHangsPromptly() throws Exception {
        // a server that accepts TCP connections and never says a word: the attempt waits for its stream header
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) accepted.add(silent.accept());
                } catch (java.io.IOException e) {
                    // closed at the end of the test
                }
            });
            acceptor.start();
            PushClient client = PushClient.builder().host("127.0.0.1").port(silent.getLocalPort()).domain("localhost")
                    .tls(TlsPolicy.trustAnythingInsecure()).stateDirectory(state).listener(n -> {})
                    .replyTimeout(Duration.ofSeconds(30)).build();
            client.start();
            await().atMost(WAIT).until(() -> !accepted.isEmpty());

            long t0 = System.nanoTime();
            client.stop();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(tookMillis).as("stop() took %d ms", tookMillis).isLessThan(2_000);
            await().atMost(Duration.ofSeconds(5)).until(() -> Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("xpush-client-") && t.isAlive()));
            for (Socket s : accepted) s.close();
        }
    }
}
