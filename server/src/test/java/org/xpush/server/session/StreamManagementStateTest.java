package org.xpush.server.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.xpush.xmpp.xml.Element;

class StreamManagementStateTest {

    private static Element stanza(int i) {
        return Element.builder("message", "jabber:client").attribute("id", "m" + i).build();
    }

    @Test
    void ackDropsConfirmedStanzasInOrder() {
        StreamManagementState sm = new StreamManagementState("id", true);
        for (int i = 0; i < 5; i++) sm.unacked.add(stanza(i));
        assertThat(sm.acknowledge(2)).isTrue();
        assertThat(sm.unacked).extracting(e -> ((Element) e).attribute("id")).containsExactly("m2", "m3", "m4");
        assertThat(sm.acknowledge(2)).as("repeating an ack changes nothing").isTrue();
        assertThat(sm.unacked).hasSize(3);
        assertThat(sm.acknowledge(5)).isTrue();
        assertThat(sm.unacked).isEmpty();
    }

    @Test
    void ackForMoreThanWasSentIsRefused() {
        StreamManagementState sm = new StreamManagementState("id", true);
        sm.unacked.add(stanza(0));
        assertThat(sm.acknowledge(2)).isFalse();
        assertThat(sm.unacked).hasSize(1);
    }

    @Test
    void countersWrapAround32Bits() {
        StreamManagementState sm = new StreamManagementState("id", true);
        sm.acknowledged = (int) 4294967294L; // 2^32 - 2
        for (int i = 0; i < 4; i++) sm.unacked.add(stanza(i));
        assertThat(sm.acknowledge(StreamManagementState.parseH("1"))).isTrue(); // 2^32-2 +3 wraps to 1
        assertThat(sm.unacked).extracting(e -> ((Element) e).attribute("id")).containsExactly("m3");
        assertThat(Integer.toUnsignedString(sm.acknowledged)).isEqualTo("1");
    }

    @Test
    void hMustBeAnUnsigned32BitNumber() {
        assertThat(StreamManagementState.parseH("4294967295")).isEqualTo(-1);
        assertThatThrownBy(() -> StreamManagementState.parseH("4294967296")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> StreamManagementState.parseH("-1")).isInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> StreamManagementState.parseH(null)).isInstanceOf(NumberFormatException.class);
    }
}
