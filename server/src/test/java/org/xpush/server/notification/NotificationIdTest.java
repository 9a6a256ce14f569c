package org.xpush.server.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Public notification ids: unguessable, URL-safe, and never read as a command-line option. */
class NotificationIdTest {

    @Test
    void idsAreSixteenUrlSafeCharactersNeverStartingWithADash() {
        Set<String> ids = new HashSet<>();
        Set<Character> firsts = new HashSet<>();
        for (int i = 0; i < 20_000; i++) { // about 312 would start with '-' without the rule
            String id = NotificationManager.newId();
            assertThat(id).hasSize(16).matches("[A-Za-z0-9_][A-Za-z0-9_-]{15}");
            ids.add(id);
            firsts.add(id.charAt(0));
        }
        assertThat(ids).hasSize(20_000);
        assertThat(firsts).as("every other first character still occurs").hasSize(63);
    }
}
