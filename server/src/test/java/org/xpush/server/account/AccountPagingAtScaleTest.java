package org.xpush.server.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xpush.server.storage.Database;

/**
 * The users page of the console (and {@code GET /api/v1/users}) stays fast with 100,000 accounts: the page query
 * and the prefix search are served by the primary-key index (H2's plan says so), whatever the page's depth.
 * No timing is measured: the plan is the condition.
 */
class AccountPagingAtScaleTest {

    static final int ACCOUNTS = 100_000;

    @TempDir
    static Path dataDir;

    static Database database;
    static JdbcAccountStore store;

    @BeforeAll
    static void fill() {
        database = Database.open(null, dataDir);
        store = new JdbcAccountStore(database.jdbi());
        byte[] key = new byte[20];
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        database.jdbi().useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO accounts (username,"
                    + " scram_sha1_salt, scram_sha1_iterations, scram_sha1_stored_key, scram_sha1_server_key,"
                    + " scram_sha256_salt, scram_sha256_iterations, scram_sha256_stored_key, scram_sha256_server_key,"
                    + " created_at) VALUES (:u, :k, 4096, :k, :k, :k, 4096, :k, :k, :at)");
            for (int i = 0; i < ACCOUNTS; i++) {
                batch.bind("u", name(i)).bind("k", key).bind("at", now).add();
                if (batch.size() == 5_000) batch.execute();
            }
            if (batch.size() > 0) batch.execute();
        });
        // H2 plans from statistics: let it see the table as it is now
        database.jdbi().useHandle(h -> h.execute("ANALYZE"));
    }

    @AfterAll
    static void close() {
        if (database != null) database.close();
    }

    /** user-000000 … user-099999, and every tenth also has a "vip" name, so prefixes select subsets. */
    static String name(int i) {
        return (i % 10 == 0 ? "vip-" : "user-") + String.format(Locale.ROOT, "%06d", i);
    }

    @Test
    void everyAccountIsThere() {
        assertThat(store.count()).isEqualTo(ACCOUNTS);
    }

    @Test
    void pagesFollowEachOtherInNameOrderAtAnyDepth() {
        List<String> first = store.list(null, null, 50);
        assertThat(first).hasSize(50).isSorted().startsWith("user-000001");
        List<String> deep = store.list(null, "user-089999", 50);
        assertThat(deep).hasSize(50).isSorted().startsWith("user-090001");
        List<String> next = store.list(null, deep.get(49), 50);
        assertThat(next.get(0)).isGreaterThan(deep.get(49));
    }

    @Test
    void prefixSearchFindsExactlyTheMatchingNames() {
        List<String> vips = store.list("vip-09999", null, 50);
        assertThat(vips).containsExactly("vip-099990");
        assertThat(store.list("vip-0000", null, 50)).containsExactly(
                "vip-000000", "vip-000010", "vip-000020", "vip-000030", "vip-000040",
                "vip-000050", "vip-000060", "vip-000070", "vip-000080", "vip-000090");
        assertThat(store.list("nobody", null, 50)).isEmpty();
    }

    @Test
    void deepPageSeeksInThePrimaryKeyIndexAndNeedsNoSort() {
        String plan = explain(JdbcAccountStore.listSql(false, false, true), Map.of("after", "user-089999", "limit", 51));
        assertUsesPrimaryKeyWithoutSort(plan);
        assertThat(plan).containsIgnoringCase("USERNAME > ");
    }

    @Test
    void prefixSearchIsAnIndexRangeNotAScan() {
        String prefix = "vip-0999";
        String sql = JdbcAccountStore.listSql(true, true, true);
        String plan = explain(sql, Map.of("prefix", prefix, "upper", JdbcAccountStore.prefixUpperBound(prefix),
                "pattern", JdbcAccountStore.likePrefixPattern(prefix), "after", "vip-099900", "limit", 51));
        assertUsesPrimaryKeyWithoutSort(plan);
        // the range bounds are index conditions (H2 prints those in the index comment), the LIKE only filters
        assertThat(indexComment(plan)).containsIgnoringCase("USERNAME >= ").containsIgnoringCase("USERNAME < ");
    }

    @Test
    void upperBoundIsTheNextStringAfterEveryExtensionOfThePrefix() {
        assertThat(JdbcAccountStore.prefixUpperBound("vip-0")).isEqualTo("vip-1");
        assertThat(JdbcAccountStore.prefixUpperBound("a")).isEqualTo("b");
        assertThat("vip-0\ufffe~").isLessThan(JdbcAccountStore.prefixUpperBound("vip-0\ufffe"));
        assertThat(JdbcAccountStore.prefixUpperBound("x\ud83d\ude00")).isNull(); // ends in a surrogate pair
    }

    private static void assertUsesPrimaryKeyWithoutSort(String plan) {
        String comment = indexComment(plan);
        assertThat(comment).as("index used, in plan:%n%s", plan).containsIgnoringCase("PRIMARY_KEY");
        assertThat(plan).as("the index gives the order; no sort of the table:%n%s", plan).containsIgnoringCase("index sorted");
        assertThat(plan).doesNotContainIgnoringCase("tableScan");
    }

    /** The comment H2 writes after the table in a plan: which index, and its conditions. */
    private static String indexComment(String plan) {
        int from = plan.indexOf("/*");
        int to = plan.indexOf("*/", from);
        assertThat(from).as("plan has an index comment:%n%s", plan).isNotNegative();
        return plan.substring(from, to);
    }

    private static String explain(String sql, Map<String, Object> params) {
        return database.jdbi().withHandle((Handle h) -> {
            var q = h.createQuery("EXPLAIN " + sql);
            params.forEach(q::bind);
            return String.join("\n", q.mapTo(String.class).list());
        });
    }
}
