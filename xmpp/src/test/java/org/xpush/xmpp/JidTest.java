package org.xpush.xmpp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class JidTest {

    @Test
    void parsesAFullJid() {
        Jid jid = Jid.parse("alice@example.com/phone");

        assertThat(jid.local()).isEqualTo("alice");
        assertThat(jid.domain()).isEqualTo("example.com");
        assertThat(jid.resource()).isEqualTo("phone");
        assertThat(jid.isBare()).isFalse();
        assertThat(jid.asBare()).isEqualTo(Jid.bare("alice", "example.com"));
        assertThat(jid).hasToString("alice@example.com/phone");
    }

    @Test
    void parsesBareAndDomainJids() {
        assertThat(Jid.parse("alice@example.com")).isEqualTo(new Jid("alice", "example.com", null));
        assertThat(Jid.parse("alice@example.com").isBare()).isTrue();
        assertThat(Jid.parse("example.com")).isEqualTo(new Jid(null, "example.com", null));
        assertThat(Jid.parse("example.com/res")).isEqualTo(new Jid(null, "example.com", "res"));
    }

    @Test
    void lowerCasesLocalAndDomainButNotResource() {
        Jid jid = Jid.parse("Alice@Example.COM/Phone");

        assertThat(jid).hasToString("alice@example.com/Phone");
        assertThat(jid).isEqualTo(Jid.parse("alice@example.com/Phone"));
    }

    @Test
    void resourceMayContainSlashAndAt() {
        Jid jid = Jid.parse("a@b/c@d/e");

        assertThat(jid.resource()).isEqualTo("c@d/e");
        assertThat(jid.withResource("x").toString()).isEqualTo("a@b/x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b@x", "a\"b@x", "a&b@x", "a'b@x", "a:b@x", "a<b@x", "a>b@x", "a\tb@x", "a\u007fb@x"})
    void refusesForbiddenCharactersInTheLocalPart(String s) {
        assertThatThrownBy(() -> Jid.parse(s)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Jid.parseOrNull(s)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a@ex ample.com", "a@ex<ample.com", "a@ex\"ample", "a@exa'mple", "a@x\u0001y", ".example.com",
        "a@exa,mple.com"})
    void refusesDomainsThatCannotBeDnsNames(String s) {
        assertThat(Jid.parseOrNull(s)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "@example.com", "alice@", "alice@example.com/", "/res", "a@b@c"})
    void refusesEmptyPartsAndTwoAts(String s) {
        assertThatThrownBy(() -> Jid.parse(s)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parseOrNullAcceptsNull() {
        assertThat(Jid.parseOrNull(null)).isNull();
        assertThatThrownBy(() -> Jid.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void limitsEachPartTo1023BytesOfUtf8() {
        String max = "a".repeat(1023);

        assertThat(Jid.parse(max + "@" + max + "/" + max).local()).hasSize(1023);
        assertThatThrownBy(() -> Jid.parse("a".repeat(1024) + "@x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jid.parse("x/" + "r".repeat(1024))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jid.parse("d".repeat(1024))).isInstanceOf(IllegalArgumentException.class);
        // 512 two-byte characters are 1024 bytes though only 512 chars.
        assertThatThrownBy(() -> Jid.parse("é".repeat(512) + "@x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Jid.parse("é".repeat(511) + "@x").local()).hasSize(511);
    }

    @Test
    void validatesLocalPartsForUserNames() {
        assertThat(Jid.isValidLocal("bob")).isTrue();
        assertThat(Jid.isValidLocal("bob@home")).isFalse();
        assertThat(Jid.isValidLocal("")).isFalse();
        assertThat(Jid.isValidLocal(null)).isFalse();
    }
}
