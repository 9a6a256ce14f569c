package org.xpush.server.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.xpush.server.storage.Database;
import org.xpush.server.testing.H2TestDatabase;

/** API keys on the default database: a real H2 file in a fresh data directory per test. */
class ApiKeyServiceTest extends ApiKeyServiceContract {

    @RegisterExtension
    final H2TestDatabase h2 = new H2TestDatabase();

    @Override
    protected Database database() {
        return h2.database();
    }

    @Test
    void keysSurviveClosingAndReopeningTheDatabase() {
        NewApiKey created = service().create("billing");

        h2.reopen();

        assertThat(service().authenticate(created.secret())).isPresent();
    }

    @Test
    void lastUseIsWrittenAtMostOnceAMinuteAndOffTheCaller() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-31T12:00:00Z"));
        List<Runnable> background = new ArrayList<>();
        ApiKeyService service = new ApiKeyService(new ApiKeyStore(database().jdbi()), background::add, clock);
        NewApiKey created = service.create("billing");

        service.authenticate(created.secret());
        service.authenticate(created.secret());
        clock.advanceSeconds(59);
        service.authenticate(created.secret());

        assertThat(background).as("one write for the first minute").hasSize(1);
        assertThat(service.find(created.key().id()).orElseThrow().lastUsed()).as("not written by the caller").isNull();
        background.get(0).run();
        assertThat(service.find(created.key().id()).orElseThrow().lastUsed())
                .isEqualTo(Instant.parse("2025-01-31T12:00:00Z"));

        clock.advanceSeconds(1);
        service.authenticate(created.secret());

        assertThat(background).hasSize(2);
        background.get(1).run();
        assertThat(service.find(created.key().id()).orElseThrow().lastUsed())
                .isEqualTo(Instant.parse("2025-01-31T12:01:00Z"));
    }

    @Test
    void failedLastUseWriteDoesNotFailTheRequest() {
        List<Runnable> background = new ArrayList<>();
        ApiKeyService service = new ApiKeyService(new ApiKeyStore(database().jdbi()), background::add);
        NewApiKey created = service.create("billing");
        assertThat(service.authenticate(created.secret())).isPresent();
        database().close();

        background.forEach(Runnable::run); // logs a warning, throws nothing
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advanceSeconds(long seconds) {
            now = now.plusSeconds(seconds);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
