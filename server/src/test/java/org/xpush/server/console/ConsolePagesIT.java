package org.xpush.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.device.Device;
import org.xpush.server.testing.ApiClient;
import org.xpush.server.testing.ConsoleHttp;
import org.xpush.server.testing.ConsoleHttp.Page;
import org.xpush.server.testing.PushTestClient;
import org.xpush.server.testing.TestServer;

/** The console's pages and forms at the HTTP level: paging, edits, the send form's checks, kicking from a user. */
class ConsolePagesIT {

    @TempDir
    static Path dir;

    static TestServer server;
    static ConsoleHttp console;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        console = new ConsoleHttp(server);
        assertThat(console.signIn("admin", server.adminPassword()).status()).isEqualTo(303);
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    @Test
    void usersArePagedFiftyAtATimeAndFoundByPrefix() throws Exception {
        for (int i = 0; i < 55; i++) server.createUser(String.format("pager-%02d", i), "pw");
        Page first = console.get("/users?q=pager-");
        assertThat(first.body()).contains("pager-00", "pager-49").doesNotContain("pager-50");
        Matcher next = Pattern.compile("id=\"next-page\" href=\"([^\"]+)\"").matcher(first.body());
        assertThat(next.find()).isTrue();
        Page second = console.get(next.group(1).replace("&amp;", "&"));
        assertThat(second.body()).contains("pager-50", "pager-54").doesNotContain("pager-49<").doesNotContain("id=\"next-page\"");
        assertThat(console.get("/users?q=PAGER-5").body()).as("names are lower case").contains("pager-50");
        assertThat(console.get("/users?q=nobody-like-this").body()).contains("No user whose name starts with");
    }

    @Test
    void aliasAndTagsAreEditedAndBadOnesRefusedWithAReason() throws Exception {
        server.createUser("editable", "pw");
        Page saved = console.postWithToken("/users/editable/tags", Map.of("tags", "news, beta , news"));
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body()).contains("Tags saved.");
        Page alias = console.postWithToken("/users/editable/alias", Map.of("alias", "Ed's phone"));
        assertThat(alias.body()).contains("Alias saved.");
        Device device = server.server().devices().device("editable").orElseThrow();
        assertThat(device.tags()).containsExactlyInAnyOrder("news", "beta");
        assertThat(device.alias()).isEqualTo("Ed's phone");

        Page bad = console.postWithToken("/users/editable/alias", Map.of("alias", "x".repeat(300)));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Not saved: alias is longer than 255 characters");
        assertThat(server.server().devices().device("editable").orElseThrow().alias()).isEqualTo("Ed's phone");

        Page cleared = console.postWithToken("/users/editable/alias", Map.of("alias", " "));
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(server.server().devices().device("editable").orElseThrow().alias()).isNull();
        assertThat(console.postWithToken("/users/ghost/tags", Map.of("tags", "a")).status()).isEqualTo(404);
    }

    @Test
    void sendFormReportsEveryProblemAndStoresNothing() throws Exception {
        ApiClient api = new ApiClient(server);
        int before = api.get("/api/v1/notifications?limit=500").json().get("items").size();
        Page refused = console.postWithToken("/notifications", Map.of("target", "user", "value", "",
                "title", "", "message", "", "ttl", "soon", "priority", "normal"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("name the user to send to", "must be a whole number of seconds");
        Page invalid = console.postWithToken("/notifications", Map.of("target", "tag", "value", "news",
                "title", "", "message", "", "ttl", "99999999", "priority", "urgent"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.body()).contains("title or message is required", "ttl: must be between 0 and",
                "priority: must be high or normal");
        assertThat(api.get("/api/v1/notifications?limit=500").json().get("items").size()).isEqualTo(before);
    }

    @Test
    void broadcastFromTheFormIsAcceptedAndLinksToItsStatus() throws Exception {
        Page sent = console.postWithToken("/notifications", Map.of("target", "all", "value", "",
                "title", "To everyone", "message", "", "uri", "", "ttl", "60", "priority", "normal"));
        assertThat(sent.status()).isEqualTo(303);
        String location = sent.header("Location");
        assertThat(location).startsWith("/notifications/").endsWith("?sent=1");
        Page status = console.get(location);
        assertThat(status.body()).contains("Accepted and stored", "everyone", "To everyone", "by console");
        assertThat(console.get("/notifications").body()).contains("To everyone");
    }

    @Test
    void kickFromAUsersPageEndsTheSessionAndComesBack() throws Exception {
        server.createUser("kickme", "pw");
        try (PushTestClient phone = PushTestClient.login(server, "kickme", "pw", true)) {
            Page user = console.get("/users/kickme");
            assertThat(user.body()).contains("kickme@localhost/device");
            Page kicked = console.postWithToken("/sessions/kick",
                    Map.of("jid", "kickme@localhost/device", "from", "user"));
            assertThat(kicked.status()).isEqualTo(303);
            assertThat(kicked.header("Location")).startsWith("/users/kickme?kicked=");
            await().atMost(Duration.ofSeconds(15)).until(() -> !phone.connection().isConnected());
            assertThat(console.get(kicked.header("Location")).body()).contains("Disconnected kickme@localhost/device");
        }
    }
}
