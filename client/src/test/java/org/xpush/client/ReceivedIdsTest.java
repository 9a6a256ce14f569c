package org.xpush.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReceivedIdsTest {

    @TempDir
    Path dir;

    @Test
    void rememberedIdsAreKnownAcrossARestart() {
        FileReceivedIdStore store = new FileReceivedIdStore(dir.resolve("received-ids"));
        ReceivedIds ids = ReceivedIds.load(store, 1000);
        ids.remember("n1");
        ids.remember("n2");
        assertThat(ids.contains("n1")).isTrue();
        assertThat(ids.contains("n3")).isFalse();

        ReceivedIds afterRestart = ReceivedIds.load(new FileReceivedIdStore(dir.resolve("received-ids")), 1000);
        assertThat(afterRestart.contains("n1")).isTrue();
        assertThat(afterRestart.contains("n2")).isTrue();
        assertThat(afterRestart.snapshot()).containsExactly("n1", "n2");
    }

    @Test
    void windowKeepsTheMostRecentIdsAndForgetsTheOldest() {
        FileReceivedIdStore store = new FileReceivedIdStore(dir.resolve("received-ids"));
        ReceivedIds ids = ReceivedIds.load(store, 3);
        for (String id : Arrays.asList("a", "b", "c", "d", "e")) ids.remember(id);
        assertThat(ids.snapshot()).containsExactly("c", "d", "e");
        assertThat(ids.contains("a")).isFalse();
        assertThat(ReceivedIds.load(store, 3).snapshot()).containsExactly("c", "d", "e");
    }

    @Test
    void aSmallerWindowAtLoadKeepsTheNewestStored() {
        FileReceivedIdStore store = new FileReceivedIdStore(dir.resolve("received-ids"));
        ReceivedIds ids = ReceivedIds.load(store, 10);
        for (String id : Arrays.asList("a", "b", "c", "d")) ids.remember(id);
        assertThat(ReceivedIds.load(store, 2).snapshot()).containsExactly("c", "d");
    }

    @Test
    void rememberingAKnownIdWritesNothing() {
        CountingStore store = new CountingStore();
        ReceivedIds ids = ReceivedIds.load(store, 10);
        ids.remember("a");
        ids.remember("a");
        assertThat(store.saves).isEqualTo(1);
    }

    @Test
    void defaultWindowHoldsAThousandIds() throws IOException {
        FileReceivedIdStore store = new FileReceivedIdStore(dir.resolve("received-ids"));
        ReceivedIds ids = ReceivedIds.load(store, ReceivedIds.DEFAULT_CAPACITY);
        for (int i = 0; i < 1500; i++) ids.remember("id-" + i);
        List<String> stored = store.load();
        assertThat(stored).hasSize(1000);
        assertThat(stored.get(0)).isEqualTo("id-500");
        assertThat(stored.get(999)).isEqualTo("id-1499");
    }

    @Test
    void unreadableStoreGivesAnEmptyWindowAndStillWorks() {
        ReceivedIdStore broken = new ReceivedIdStore() {
            @Override
            public List<String> load() throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public void save(List<String> ids) throws IOException {
                throw new IOException("disk on fire");
            }
        };
        ReceivedIds ids = ReceivedIds.load(broken, 10);
        ids.remember("a"); // the failed save is logged, not thrown
        assertThat(ids.contains("a")).isTrue();
    }

    @Test
    void idsThatCannotBeALineAreLeftOutOfTheFile() throws IOException {
        Path file = dir.resolve("received-ids");
        new FileReceivedIdStore(file).save(Arrays.asList("ok", "bad\nid", "", "fine"));
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).isEqualTo("ok\nfine\n");
    }

    private static final class CountingStore implements ReceivedIdStore {
        int saves;

        @Override
        public List<String> load() {
            return new ArrayList<>();
        }

        @Override
        public void save(List<String> ids) {
            saves++;
        }
    }
}
