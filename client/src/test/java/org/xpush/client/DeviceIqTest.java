package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The device IQ's XML (README "Device IQ"). */
class DeviceIqTest {

    private static String xml(DeviceIq iq) {
        iq.setStanzaId("d1");
        return iq.toXML().toString().replace('"', '\'');
    }

    @Test
    void declaresAcknowledgements() {
        assertThat(xml(DeviceIq.declareAcknowledging()))
                .contains("type='set'")
                .contains("<device xmlns='urn:xpush:device:0' acknowledges='true'>")
                .doesNotContain("<alias").doesNotContain("<tags");
    }

    @Test
    void setsAndClearsTheAlias() {
        assertThat(xml(DeviceIq.alias("user-42 & co"))).contains("<alias>user-42 &amp; co</alias>").doesNotContain("acknowledges");
        assertThat(xml(DeviceIq.alias(""))).contains("<alias/>");
    }

    @Test
    void changesTags() {
        assertThat(xml(DeviceIq.tags(DeviceIq.TagAction.SET, Arrays.asList("news", "<sport>"))))
                .contains("<tags action='set'><tag>news</tag><tag>&lt;sport&gt;</tag></tags>");
        assertThat(xml(DeviceIq.tags(DeviceIq.TagAction.ADD, Collections.singletonList("a")))).contains("<tags action='add'><tag>a</tag></tags>");
        assertThat(xml(DeviceIq.tags(DeviceIq.TagAction.REMOVE, Collections.<String>emptyList()))).contains("<tags action='remove'></tags>");
    }
}
