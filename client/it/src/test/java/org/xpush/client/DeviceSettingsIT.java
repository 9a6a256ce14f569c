package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Alias and tags set from the device, and notifications targeted by them. */
class DeviceSettingsIT extends SharedServerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static List<String> tags(JsonNode user) {
        List<String> tags = new ArrayList<>();
        user.get("tags").forEach(t -> tags.add(t.asText()));
        return tags;
    }

    @Test
    void aliasAndTagsSetBeforeConnectingAreAppliedAtLoginAndTargetTheDevice() throws Exception {
        try (Device d = new Device(server, state)) {
            // asked for before the first connection: remembered and applied once logged in
            var alias = d.client.setAlias("customer-9");
            var tags = d.client.setTags("news", "sport");
            d.start();
            alias.get(20, TimeUnit.SECONDS);
            tags.get(20, TimeUnit.SECONDS);
            String user = d.client.username();
            JsonNode onServer = server.api().user(user);
            assertThat(onServer.get("alias").asText()).isEqualTo("customer-9");
            assertThat(tags(onServer)).containsExactly("news", "sport");

            String byAlias = server.api().send("{\"alias\":\"customer-9\"}", "by alias", "m");
            String byTag = server.api().send("{\"tag\":\"sport\"}", "by tag", "m");
            await().atMost(WAIT).until(() -> d.receivedIds().containsAll(List.of(byAlias, byTag)));

            d.client.addTags("weather").get(20, TimeUnit.SECONDS);
            d.client.removeTags("sport").get(20, TimeUnit.SECONDS);
            assertThat(tags(server.api().user(user))).containsExactly("news", "weather");
            String notForUs = server.api().send("{\"tag\":\"sport\"}", "sport again", "m");
            String forUs = server.api().send("{\"tag\":\"weather\"}", "weather", "m");
            await().atMost(WAIT).until(() -> d.receivedIds().contains(forUs));
            assertThat(d.receivedIds()).doesNotContain(notForUs);

            d.client.setAlias(null).get(20, TimeUnit.SECONDS);
            assertThat(server.api().user(user).get("alias").isNull()).isTrue();
        }
    }

    @Test
    void changesAskedForWhileDisconnectedAreAppliedAfterReconnecting() throws Exception {
        try (Device d = new Device(server, state, b -> b.reconnect(ReconnectPolicy.builder()
                .initialDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(1)).build()))) {
            d.start();
            await().atMost(WAIT).until(d.client::isConnected);
            d.closeGate();
            d.client.cutConnection();
            await().atMost(WAIT).until(() -> !d.client.isConnected());
            var change = d.client.setAlias("later");
            assertThat(change).isNotDone();
            d.openGate();
            change.get(20, TimeUnit.SECONDS);
            assertThat(server.api().user(d.client.username()).get("alias").asText()).isEqualTo("later");
        }
    }

    @Test
    void aliasTheServerRefusesFailsTheFuture() throws Exception {
        try (Device d = new Device(server, state).start()) {
            await().atMost(WAIT).until(d.client::isConnected);
            var refused = d.client.setAlias("x".repeat(256));
            assertThatThrownBy(() -> refused.get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(DeviceSettingsException.class)
                    .satisfies(e -> assertThat(((DeviceSettingsException) e).condition()).isEqualTo("not-acceptable"));
            d.client.setAlias("fine").get(20, TimeUnit.SECONDS); // the refused change does not block later ones
        }
    }
}
