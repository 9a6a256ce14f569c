package org.xpush.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiJsonTest {

    enum Priority { HIGH, NORMAL }

    record Sent(String id, Instant created, Priority priority, String next) {}

    @Test
    void instantsAreIsoStringsEnumsLowerCaseAndNullsWritten() throws Exception {
        Sent sent = new Sent("n1", Instant.parse("2025-01-31T12:00:00.120Z"), Priority.HIGH, null);

        String json = ApiJson.MAPPER.writeValueAsString(sent);

        assertThat(json).isEqualTo(
                "{\"id\":\"n1\",\"created\":\"2025-01-31T12:00:00.120Z\",\"priority\":\"high\",\"next\":null}");
        assertThat(ApiJson.MAPPER.readValue(json, Sent.class)).isEqualTo(sent);
    }

    @Test
    void problemOmitsEmptyDetailAndErrors() throws Exception {
        String json = ApiJson.MAPPER.writeValueAsString(new ProblemException(404, null, null, null).problem());

        assertThat(json).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}");
    }
}
