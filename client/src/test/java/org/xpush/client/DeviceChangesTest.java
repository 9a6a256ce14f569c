package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jivesoftware.smack.SmackException;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.junit.jupiter.api.Test;

/** Pending alias and tag changes: order, compaction, refusals, and what waits for the next connection. */
class DeviceChangesTest {

    private final DeviceChanges changes = new DeviceChanges();
    private final List<String> sent = new ArrayList<>();
    /** What the fake server does with the next IQs: "ok", "refuse" or "offline". */
    private final List<String> answers = new ArrayList<>();

    /** A connection that records each IQ's XML and answers as {@link #answers} says (ok when empty). */
    private XMPPConnection connection() {
        return (XMPPConnection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {XMPPConnection.class},
                (proxy, method, args) -> {
                    if (!method.getName().equals("sendIqRequestAndWaitForResponse")) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    IQ iq = (IQ) args[0];
                    String answer = answers.isEmpty() ? "ok" : answers.remove(0);
                    if (answer.equals("offline")) throw new SmackException.NotConnectedException();
                    sent.add(iq.getChildElementXML().toString().replace('"', '\''));
                    if (answer.equals("refuse")) {
                        throw new XMPPException.XMPPErrorException(iq,
                                StanzaError.getBuilder(StanzaError.Condition.not_acceptable).setDescriptiveEnText("too long").build());
                    }
                    return null;
                });
    }

    @Test
    void changesAreSentInOrderAndTheirFuturesComplete() throws Exception {
        CompletableFuture<Void> alias = changes.alias("a");
        CompletableFuture<Void> add = changes.tags(DeviceIq.TagAction.ADD, Arrays.asList("x"));
        CompletableFuture<Void> remove = changes.tags(DeviceIq.TagAction.REMOVE, Arrays.asList("y"));
        changes.flush(connection());
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).contains("<alias>a</alias>");
        assertThat(sent.get(1)).contains("<tags action='add'><tag>x</tag></tags>");
        assertThat(sent.get(2)).contains("<tags action='remove'><tag>y</tag></tags>");
        assertThat(alias).isCompleted();
        assertThat(add).isCompleted();
        assertThat(remove).isCompleted();
        assertThat(changes.isEmpty()).isTrue();
    }

    @Test
    void laterAliasAndSetTagsReplacePendingOnes() throws Exception {
        CompletableFuture<Void> first = changes.alias("first");
        CompletableFuture<Void> add = changes.tags(DeviceIq.TagAction.ADD, Arrays.asList("x"));
        CompletableFuture<Void> second = changes.alias("second");
        CompletableFuture<Void> set = changes.tags(DeviceIq.TagAction.SET, Arrays.asList("news"));
        CompletableFuture<Void> addAfter = changes.tags(DeviceIq.TagAction.ADD, Arrays.asList("sport"));
        changes.flush(connection());
        assertThat(sent).hasSize(3);
        assertThat(sent.get(0)).contains("<alias>second</alias>");
        assertThat(sent.get(1)).contains("<tags action='set'><tag>news</tag></tags>");
        assertThat(sent.get(2)).contains("<tags action='add'><tag>sport</tag></tags>");
        for (CompletableFuture<Void> f : Arrays.asList(first, add, second, set, addAfter)) assertThat(f).isCompleted();
    }

    @Test
    void refusedChangeFailsAndTheNextOneIsStillSent() throws Exception {
        answers.add("refuse");
        CompletableFuture<Void> refused = changes.alias("x".repeat(300));
        CompletableFuture<Void> next = changes.tags(DeviceIq.TagAction.SET, Collections.singletonList("news"));
        changes.flush(connection());
        assertThatThrownBy(refused::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(DeviceSettingsException.class).hasMessageContaining("not-acceptable")
                .hasMessageContaining("too long");
        assertThat(next).isCompleted();
    }

    @Test
    void changeWithoutAnAnswerWaitsForTheNextConnection() throws Exception {
        answers.add("offline");
        CompletableFuture<Void> alias = changes.alias("a");
        changes.flush(connection());
        assertThat(alias).isNotDone();
        assertThat(changes.isEmpty()).isFalse();
        changes.flush(connection());
        assertThat(alias).isCompleted();
        assertThat(sent).hasSize(1);
    }

    @Test
    void stoppingFailsWhatIsPendingAndTooManyPendingChangesAreRefused() {
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < DeviceChanges.MAX_PENDING; i++) {
            futures.add(changes.tags(DeviceIq.TagAction.ADD, Collections.singletonList("t" + i)));
        }
        CompletableFuture<Void> tooMany = changes.tags(DeviceIq.TagAction.ADD, Collections.singletonList("more"));
        assertThat(tooMany).isCompletedExceptionally();
        changes.cancelAll();
        assertThat(futures).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(changes.isEmpty()).isTrue();
    }
}
