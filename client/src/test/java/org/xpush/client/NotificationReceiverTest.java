package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jivesoftware.smack.packet.IQ;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledge after the listener, never when it throws, once per id. */
class NotificationReceiverTest {

    @TempDir
    Path dir;

    private final List<String> seen = new ArrayList<>();
    private boolean refuse;

    private NotificationReceiver receiver() {
        return new NotificationReceiver(n -> {
            if (refuse) throw new IllegalStateException("cannot store it now");
            seen.add(n.id());
        }, ReceivedIds.load(new FileReceivedIdStore(dir.resolve("received-ids")), 1000));
    }

    private static IQ notification(String id) {
        NotificationIq iq = new NotificationIq(Notification.builder().id(id).title("t").build());
        iq.setType(IQ.Type.set);
        iq.setStanzaId(id);
        return iq;
    }

    @Test
    void acceptedNotificationIsAcknowledgedWithAResultOfTheSameId() {
        IQ answer = receiver().handleIQRequest(notification("n1"));
        assertThat(answer).isNotNull();
        assertThat(answer.getType()).isEqualTo(IQ.Type.result);
        assertThat(answer.getStanzaId()).isEqualTo("n1");
        assertThat(seen).containsExactly("n1");
    }

    @Test
    void refusedNotificationIsNotAcknowledgedAndComesToTheListenerAgain() {
        NotificationReceiver r = receiver();
        refuse = true;
        assertThat(r.handleIQRequest(notification("n1"))).isNull();
        refuse = false;
        assertThat(r.handleIQRequest(notification("n1"))).isNotNull();
        assertThat(seen).containsExactly("n1");
    }

    @Test
    void duplicateIsAcknowledgedButNotPassedOnEvenAfterARestart() {
        receiver().handleIQRequest(notification("n1"));
        NotificationReceiver afterRestart = receiver();
        IQ answer = afterRestart.handleIQRequest(notification("n1"));
        assertThat(answer).isNotNull();
        assertThat(answer.getType()).isEqualTo(IQ.Type.result);
        assertThat(seen).containsExactly("n1");
    }
}
