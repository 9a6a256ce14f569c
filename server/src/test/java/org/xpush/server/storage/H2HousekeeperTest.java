package org.xpush.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the housekeeper writes, and that its write lets a real H2 file drop the chunks a busy spell left behind. */
class H2HousekeeperTest {

    private static final long S = 1_000_000_000L;

    @TempDir
    Path dataDir;

    @Test
    void writesOnlyInQuietSecondsWithinTheWindowAfterSomeoneElseCommitted() {
        H2Housekeeper.Quiet quiet = new H2Housekeeper.Quiet(Duration.ofSeconds(50));

        assertThat(quiet.shouldWrite(7, 0)).as("first look: counts as activity").isFalse();
        assertThat(quiet.shouldWrite(7, S)).as("quiet second after the first look").isTrue();
        quiet.wrote(7, 8, S);
        assertThat(quiet.shouldWrite(9, 2 * S)).as("someone committed: H2 drops as it goes").isFalse();
        assertThat(quiet.shouldWrite(9, 3 * S)).as("quiet second after a commit").isTrue();
        quiet.wrote(9, 10, 3 * S);
        assertThat(quiet.shouldWrite(10, 4 * S)).as("our own write is not activity; still in the window").isTrue();
        quiet.wrote(10, 11, 4 * S);
        assertThat(quiet.shouldWrite(11, 52 * S)).as("50 s after the last commit: last write").isTrue();
        quiet.wrote(11, 12, 52 * S);
        assertThat(quiet.shouldWrite(12, 53 * S)).as("past the window: an idle database is left alone").isFalse();
        assertThat(quiet.shouldWrite(12, 500 * S)).isFalse();
        assertThat(quiet.shouldWrite(20, 501 * S)).as("activity again").isFalse();
        assertThat(quiet.shouldWrite(20, 502 * S)).isTrue();
        quiet.wrote(20, 23, 502 * S);
        assertThat(quiet.shouldWrite(23, 551 * S))
                .as("someone committed along with our write at 502 s: the window runs from then").isTrue();
        assertThat(quiet.shouldWrite(23, 553 * S)).isFalse();
    }

    @Test
    void itsQuietWritesLetH2DropTheDeadChunksOfABusySpell() {
        // dead chunks kept for 1 s instead of 45
        String url = Database.defaultUrl(dataDir) + ";RETENTION_TIME=1000";
        try (Database database = Database.open(url, dataDir)) {
            Jdbi jdbi = database.jdbi();
            // a busy spell: each commit a new chunk, each one rewriting the pages of the one before
            for (int i = 0; i < 300; i++) {
                int n = i;
                jdbi.useHandle(h -> h.execute("UPDATE housekeeping SET ticks = ? WHERE id = 1", -n));
            }
            long ticksBefore = ticks(jdbi);
            long chunksAfterBusySpell = chunks(jdbi);

            // one that looks every 50 ms and starts after the spell (a spell before the first look must count)
            try (H2Housekeeper housekeeper = H2Housekeeper.start(database.dataSource(), Duration.ofMillis(50))) {
                assertThat(housekeeper).isNotNull();
                // nobody else writes from here on: the chunk count can fall only through housekeeping commits,
                // once the chunks of the spell's last second are past their retention time
                await().atMost(Duration.ofSeconds(20)).until(() -> chunks(jdbi) < chunksAfterBusySpell / 2);
                assertThat(ticks(jdbi)).isGreaterThan(ticksBefore);
            }
        }
    }

    @Test
    void anInMemoryDatabaseHasNoChunksAndGetsNoHousekeeper() {
        try (Database database = Database.open("jdbc:h2:mem:housekeeper-test;DB_CLOSE_DELAY=-1", dataDir)) {
            assertThat(H2Housekeeper.start(database.dataSource())).isNull();
        }
    }

    private static long ticks(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery("SELECT ticks FROM housekeeping WHERE id = 1").mapTo(Long.class).one());
    }

    private static long chunks(Jdbi jdbi) {
        return jdbi.withHandle(h -> h.createQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.CHUNK_COUNT'")
                .mapTo(Long.class).one());
    }
}
