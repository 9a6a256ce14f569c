package org.xpush.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodyTest {

    enum Priority { HIGH, NORMAL }

    record Target(String user, List<String> users) {}

    record Body(String title, Integer ttl, Priority priority, Target to, Map<String, String> data, Instant at,
            Boolean all) {}

    record Checked(String name) {
        Checked {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("name is required");
        }
    }

    @Test
    void validBodyBecomesARecord() {
        Body body = parse("{\"title\":\"Hi\",\"ttl\":60,\"priority\":\"high\",\"to\":{\"users\":[\"a\",\"b\"]},"
                + "\"data\":{\"k\":\"v\"},\"at\":\"2025-01-31T12:00:00Z\"}", Body.class);

        assertThat(body).isEqualTo(new Body("Hi", 60, Priority.HIGH, new Target(null, List.of("a", "b")),
                Map.of("k", "v"), Instant.parse("2025-01-31T12:00:00Z"), null));
    }

    @Test
    void malformedJsonNamesThePositionButNotTheContent() {
        Problem problem = problem("{\"title\": \"secret text\",\n \"ttl\": }", Body.class);

        assertThat(problem.status()).isEqualTo(400);
        assertThat(problem.detail()).isEqualTo("Malformed JSON at line 2, column 9");
        assertThat(problem.errors()).isEmpty();
    }

    @Test
    void truncatedJsonSaysSo() {
        assertThat(problem("{\"title\": \"x\"", Body.class).detail()).startsWith("Unexpected end of JSON input at line 1");
    }

    @Test
    void syntaxErrorInsideANestedValueIsStillMalformedJson() {
        assertThat(problem("{\"to\": {\"user\": ", Body.class).detail())
                .isEqualTo("Unexpected end of JSON input at line 1, column 17");
        assertThat(problem("{\"to\": {\"users\": [\"a\" \"b\"]}}", Body.class).detail())
                .startsWith("Malformed JSON at line 1, column");
    }

    @Test
    void emptyOrNullBodyIsRefused() {
        assertThat(problem("", Body.class).detail()).isEqualTo("The request body is empty; it must be a JSON object");
        assertThat(problem("null", Body.class).detail()).contains("not null");
        assertThat(problem("[1]", Body.class).detail()).isEqualTo("The request body must be a JSON object");
    }

    @Test
    void wrongTypesAreNamedByTheirPath() {
        assertThat(problem("{\"ttl\":\"60\"}", Body.class).errors())
                .containsExactly(new FieldError("ttl", "must be an integer"));
        assertThat(problem("{\"ttl\":1.5}", Body.class).errors())
                .containsExactly(new FieldError("ttl", "must be an integer"));
        assertThat(problem("{\"to\":{\"users\":[\"a\",{}]}}", Body.class).errors())
                .containsExactly(new FieldError("to.users[1]", "must be a string"));
        assertThat(problem("{\"priority\":\"urgent\"}", Body.class).errors())
                .containsExactly(new FieldError("priority", "must be one of high, normal"));
        assertThat(problem("{\"at\":\"yesterday\"}", Body.class).errors()).extracting(FieldError::field)
                .containsExactly("at");
        assertThat(problem("{\"data\":{\"k\":1}}", Body.class).errors())
                .containsExactly(new FieldError("data.k", "must be a string"));
        assertThat(problem("{\"title\":true}", Body.class).errors())
                .containsExactly(new FieldError("title", "must be a string"));
        assertThat(problem("{\"all\":1}", Body.class).errors())
                .containsExactly(new FieldError("all", "must be true or false"));
        assertThat(problem("{\"all\":\"true\"}", Body.class).errors())
                .containsExactly(new FieldError("all", "must be true or false"));
    }

    @Test
    void unknownAndDuplicateFieldsAreRefused() {
        Problem unknown = problem("{\"title\":\"a\",\"colapseKey\":\"x\"}", Body.class);
        assertThat(unknown.errors()).containsExactly(new FieldError("colapseKey", "unknown field"));
        assertThat(unknown.detail()).isEqualTo("The request body is invalid: colapseKey unknown field");

        assertThat(problem("{\"title\":\"a\",\"title\":\"b\"}", Body.class).detail())
                .startsWith("Duplicate field in JSON at line 1");
        assertThat(problem("{\"title\":\"a\"} {}", Body.class).status()).isEqualTo(400);
    }

    @Test
    void constructorChecksBecomeTheDetail() {
        assertThat(problem("{\"name\":\" \"}", Checked.class).detail()).isEqualTo("name is required");
    }

    private static <T> T parse(String json, Class<T> type) {
        return JsonBody.parse(json.getBytes(StandardCharsets.UTF_8), type);
    }

    private static Problem problem(String json, Class<?> type) {
        ProblemException e = catchThrowableOfType(ProblemException.class, () -> parse(json, type));
        assertThat(e).as("a problem for %s", json).isNotNull();
        return e.problem();
    }
}
