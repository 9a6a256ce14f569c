package org.xpush.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void defaultsMatchTheDesign() {
        ServerConfig c = new ConfigLoader().load();
        assertThat(c.domain()).isEqualTo("localhost");
        assertThat(c.bind()).isEqualTo("0.0.0.0");
        assertThat(c.xmppPort()).isEqualTo(5222);
        assertThat(c.xmppTlsPort()).isEqualTo(5223);
        assertThat(c.httpPort()).isEqualTo(7070);
        assertThat(c.dataDir()).isEqualTo(Path.of("./data"));
        assertThat(c.dbUrl()).isNull();
        assertThat(c.tls().required()).isTrue();
        assertThat(c.tls().plainWithoutTls()).isFalse();
        assertThat(c.registration().open()).isTrue();
        assertThat(c.limits().maxStanzaBytes()).isEqualTo(65536);
    }

    @Test
    void fileThenEnvironmentThenFlagsWin() throws Exception {
        Path file = dir.resolve("xpush.yml");
        Files.writeString(file, "domain: file.example\nxmpp-port: 1111\nhttp-port: 2222\nbind: 127.0.0.1\n");
        ServerConfig c = new ConfigLoader()
                .file(file)
                .environment(Map.of("XPUSH_XMPP_PORT", "3333", "XPUSH_HTTP_PORT", "4444", "UNRELATED", "x"))
                .flags(Map.of("http-port", "5555"))
                .load();
        assertThat(c.domain()).isEqualTo("file.example");
        assertThat(c.bind()).isEqualTo("127.0.0.1");
        assertThat(c.xmppPort()).isEqualTo(3333);
        assertThat(c.httpPort()).isEqualTo(5555);
    }

    @Test
    void durationsTakeUnits() {
        ServerConfig c = new ConfigLoader()
                .flags(Map.of("sm-resume-timeout", "5m", "ping-after-idle", "90", "ping-timeout", "500ms"))
                .load();
        assertThat(c.streamManagement().resumeTimeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.keepAlive().pingAfterIdle()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.keepAlive().pingTimeout()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void badValuesNameTheSettingItsSourceAndWhatIsAllowed() {
        assertThatThrownBy(() -> new ConfigLoader().environment(Map.of("XPUSH_XMPP_PORT", "70000")).load())
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("xmpp-port")
                .hasMessageContaining("environment XPUSH_XMPP_PORT")
                .hasMessageContaining("0-65535");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("tls-required", "maybe")).load())
                .hasMessageContaining("tls-required").hasMessageContaining("true or false");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("registration", "sometimes")).load())
                .hasMessageContaining("open or closed");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("ping-timeout", "soon")).load())
                .hasMessageContaining("ping-timeout").hasMessageContaining("duration");
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("domain", "bad domain/x")).load())
                .hasMessageContaining("domain");
    }

    @Test
    void unknownKeysInTheFileAreErrors() throws Exception {
        Path file = dir.resolve("typo.yml");
        Files.writeString(file, "xmpp-prot: 5222\n");
        assertThatThrownBy(() -> new ConfigLoader().file(file)).hasMessageContaining("unknown setting 'xmpp-prot'");
    }

    @Test
    void certificateAndKeyComeTogether() {
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("tls-cert", "/etc/x.pem")).load())
                .hasMessageContaining("tls-cert and tls-key");
    }

    @Test
    void clusteringIsRefusedClearlyUntilItExists() {
        assertThatThrownBy(() -> new ConfigLoader().flags(Map.of("redis-url", "redis://127.0.0.1:6379")).load())
                .hasMessageContaining("redis-url").hasMessageContaining("not available");
    }

    @Test
    void everySettingHasAnEnvironmentVariableNamedAfterIt() {
        assertThat(Setting.XMPP_TLS_PORT.environmentVariable()).isEqualTo("XPUSH_XMPP_TLS_PORT");
        assertThat(Setting.DB_URL.environmentVariable()).isEqualTo("XPUSH_DB_URL");
        assertThat(Setting.TLS_REQUIRED.environmentVariable()).isEqualTo("XPUSH_TLS_REQUIRED");
    }
}
