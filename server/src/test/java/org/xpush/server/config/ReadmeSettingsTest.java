package org.xpush.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every setting is documented in README's configuration table, with its environment variable. */
class ReadmeSettingsTest {

    @Test
    void readmeDocumentsEverySetting() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (Setting s : Setting.values()) {
            assertThat(readme).as("README documents %s", s.key()).contains("`" + s.key() + "`");
            assertThat(readme).as("README names %s", s.environmentVariable()).contains("`" + s.environmentVariable() + "`");
        }
    }
}
