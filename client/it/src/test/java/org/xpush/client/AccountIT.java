package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The device account: registered once and kept, reused at the next start, registered again if the server lost it. */
class AccountIT extends SharedServerTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void firstStartRegistersARandomAccountAndStoresIt() throws Exception {
        try (Device d = new Device(server, state).start()) {
            await().atMost(WAIT).until(d.client::isConnected);
            String user = d.client.username();
            assertThat(user).matches("[0-9a-f]{32}");
            assertThat(d.registered).containsExactly(user);

            Credentials stored = new FileCredentialStore(state.resolve("credentials.properties")).load();
            assertThat(stored.username()).isEqualTo(user);
            assertThat(stored.password()).matches("[0-9a-f]{32}").isNotEqualTo(user);

            JsonNode onServer = server.api().user(user);
            assertThat(onServer.get("online").asBoolean()).isTrue();
            assertThat(onServer.get("acknowledges").asBoolean()).as("declared with the device IQ").isTrue();
        }
    }

    @Test
    void secondStartLogsInWithTheStoredAccount() {
        String first;
        try (Device d = new Device(server, state).start()) {
            await().atMost(WAIT).until(d.client::isConnected);
            first = d.client.username();
        }
        await().atMost(WAIT).until(() -> !server.api().user(first).get("online").asBoolean());
        try (Device again = new Device(server, state).start()) {
            await().atMost(WAIT).until(again.client::isConnected);
            assertThat(again.client.username()).isEqualTo(first);
            assertThat(again.registered).isEmpty();
            assertThat(server.api().user(first).get("online").asBoolean()).isTrue();
        }
    }

    @Test
    void accountDeletedOnTheServerIsRegisteredAgain() throws Exception {
        try (Device d = new Device(server, state).start()) {
            await().atMost(WAIT).until(d.client::isConnected);
            String old = d.client.username();

            server.api().deleteUser(old); // ends its session with not-authorized; the login after it fails

            await().atMost(WAIT).until(() -> d.client.isConnected() && !old.equals(d.client.username()));
            String renewed = d.client.username();
            assertThat(renewed).matches("[0-9a-f]{32}");
            assertThat(d.registered).containsExactly(old, renewed);
            assertThat(new FileCredentialStore(state.resolve("credentials.properties")).load().username()).isEqualTo(renewed);
            assertThat(server.api().user(old)).isNull();

            String id = server.api().sendToUser(renewed, "to the new account");
            await().atMost(WAIT).until(() -> d.receivedIds().contains(id));
        }
    }
}
