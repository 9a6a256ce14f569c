package org.xpush.client;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A {@link PushClient} under test with everything it reports recorded: notifications, state changes (with the
 * instant of each authentication), and a gate that holds connection attempts back while the test does something
 * "while the device is away".
 */
final class Device implements AutoCloseable {

    final List<Notification> received = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<Long> authenticatedAtNanos = new CopyOnWriteArrayList<>();
    final List<Long> connectingAtNanos = new CopyOnWriteArrayList<>();
    final List<Throwable> failures = new CopyOnWriteArrayList<>();
    final List<String> registered = new CopyOnWriteArrayList<>();
    final PushClient client;

    /** What the listener does with a notification before recording it (throw to refuse it). */
    volatile NotificationListener before = n -> {};
    private volatile CountDownLatch gate = new CountDownLatch(0);

    Device(RealServer server, Path stateDir) {
        this(server, stateDir, b -> b);
    }

    Device(RealServer server, Path stateDir, Function<PushClient.Builder, PushClient.Builder> customize) {
        PushClient.Builder b = server.client(stateDir, n -> {
            before.onNotification(n);
            received.add(n);
        }).connectionStateListener(new ConnectionStateListener() {
            @Override
            public void connecting() {
                events.add("connecting");
                connectingAtNanos.add(System.nanoTime());
                try {
                    if (!gate.await(60, TimeUnit.SECONDS)) events.add("gate timed out");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void registered(String username) {
                registered.add(username);
                events.add("registered");
            }

            @Override
            public void authenticated(String username, boolean resumed) {
                authenticatedAtNanos.add(System.nanoTime());
                events.add(resumed ? "resumed" : "authenticated");
            }

            @Override
            public void disconnected(Throwable cause) {
                if (cause != null) failures.add(cause);
                events.add("disconnected");
            }

            @Override
            public void reconnecting(long delayMillis) {
                events.add("reconnecting " + delayMillis);
            }

            @Override
            public void waitingForNetwork() {
                events.add("waiting for network");
            }
        });
        this.client = customize.apply(b).build();
    }

    Device start() {
        client.start();
        return this;
    }

    /** Connection attempts wait (in the connecting callback) until {@link #openGate()}. */
    void closeGate() {
        gate = new CountDownLatch(1);
    }

    void openGate() {
        gate.countDown();
    }

    List<String> receivedIds() {
        return received.stream().map(Notification::id).collect(Collectors.toList());
    }

    long count(String event) {
        return events.stream().filter(event::equals).count();
    }

    @Override
    public void close() {
        openGate();
        client.stop();
    }
}
