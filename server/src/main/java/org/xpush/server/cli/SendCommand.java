package org.xpush.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.xpush.server.notification.Priority;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code xpush send}: sends a notification through a running server's {@code POST /api/v1/notifications} and
 * prints its id, alone on standard output, so that scripts can capture it. Exit codes: see {@link ApiCaller}.
 */
@Command(name = "send", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Send a notification through a running server's HTTP API and print its id.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:sent (accepted and stored)", "1:refused by the server", "2:bad arguments",
                "3:the server cannot be reached"})
final class SendCommand implements Callable<Integer> {

    @Option(names = "--to", required = true, paramLabel = "TARGET", converter = To.Converter.class,
            description = "user:NAME, users:A,B,…, alias:ALIAS, tag:TAG or all")
    To to;

    @Option(names = "--title", paramLabel = "TEXT", description = "the title (this or --message is required)")
    String title;

    @Option(names = "--message", paramLabel = "TEXT", description = "the text")
    String message;

    @Option(names = "--uri", paramLabel = "URI", description = "where the app fetches the real data")
    String uri;

    @Option(names = "--ttl", paramLabel = "SECONDS",
            description = "how long to keep trying (server default: 28 days); 0 = only devices online now")
    Long ttl;

    @Option(names = "--priority", paramLabel = "high|normal", converter = PriorityConverter.class,
            description = "high or normal (the default)")
    Priority priority;

    @Option(names = "--collapse-key", paramLabel = "KEY",
            description = "replaces an undelivered notification with the same key")
    String collapseKey;

    @Option(names = "--data", paramLabel = "KEY=VALUE", description = "a data entry for the app (repeatable)")
    Map<String, String> data;

    @Option(names = "--idempotency-key", paramLabel = "KEY",
            description = "makes retries safe: a second send with the same key prints the first id and sends nothing")
    String idempotencyKey;

    @Mixin
    ApiCaller api;

    @Override
    public Integer call() throws InterruptedException {
        return api.run(() -> {
            ApiCaller.Answer answer = api.post("/api/v1/notifications", body(),
                    idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
            if (!answer.isSuccess()) throw api.refused(answer);
            String id = api.json(answer).path("id").asText("");
            if (id.isEmpty()) throw new ApiCaller.Failure(ApiCaller.API_ERROR, "the answer carries no id: " + answer.body());
            api.command.commandLine().getOut().println(id);
            if (answer.headers().firstValue("Idempotent-Replayed").orElse("").equals("true")) {
                api.command.commandLine().getErr().println(
                        "xpush: sent before with this idempotency key; nothing was sent again");
            }
            return 0;
        });
    }

    /** The request body (DESIGN §3.3); what is not given is left out, for the server's defaults. */
    ObjectNode body() {
        ObjectNode body = ApiCaller.JSON.createObjectNode();
        body.set("to", to.json());
        if (title != null) body.put("title", title);
        if (message != null) body.put("message", message);
        if (uri != null) body.put("uri", uri);
        if (data != null && !data.isEmpty()) {
            ObjectNode d = body.putObject("data");
            data.forEach(d::put);
        }
        if (ttl != null) body.put("ttl", ttl);
        if (priority != null) body.put("priority", priority.wireName());
        if (collapseKey != null) body.put("collapseKey", collapseKey);
        return body;
    }

    /**
     * A target in command-line syntax ({@code user:alice}, {@code users:alice,bob}, {@code alias:a},
     * {@code tag:news}, {@code all}) and its JSON form, the API's {@code to} object.
     *
     * @param kind  {@code user}, {@code users}, {@code alias}, {@code tag} or {@code all}
     * @param names one name, several for {@code users}, none for {@code all}
     */
    record To(String kind, List<String> names) {

        static final String SYNTAX = "user:NAME, users:A,B,…, alias:ALIAS, tag:TAG or all";

        To {
            names = List.copyOf(names);
        }

        /** Parses the command-line syntax; only the shape is checked here, names are checked by the server. */
        static To parse(String s) {
            if (s.equals("all")) return new To("all", List.of());
            int colon = s.indexOf(':');
            String kind = colon < 0 ? s : s.substring(0, colon);
            String value = colon < 0 ? "" : s.substring(colon + 1);
            switch (kind) {
                case "user", "alias", "tag" -> {
                    if (value.isBlank()) throw new IllegalArgumentException(kind + ": needs a name after the colon");
                    return new To(kind, List.of(value.strip()));
                }
                case "users" -> {
                    List<String> names = new ArrayList<>();
                    for (String n : value.split(",", -1)) {
                        if (n.isBlank()) throw new IllegalArgumentException("users: needs names separated by commas, none empty");
                        names.add(n.strip());
                    }
                    return new To(kind, names);
                }
                default -> throw new IllegalArgumentException("must be " + SYNTAX + ", not '" + s + "'");
            }
        }

        ObjectNode json() {
            ObjectNode to = ApiCaller.JSON.createObjectNode();
            switch (kind) {
                case "all" -> to.put("all", true);
                case "users" -> {
                    ArrayNode users = to.putArray("users");
                    names.forEach(users::add);
                }
                default -> to.put(kind, names.get(0));
            }
            return to;
        }

        /** The API's {@code to} object in command-line syntax; anything unexpected as its JSON text. */
        static String describe(JsonNode to) {
            if (to.isObject() && to.size() == 1) {
                String kind = to.fieldNames().next();
                JsonNode v = to.get(kind);
                if (kind.equals("all")) return "all";
                if (kind.equals("users") && v.isArray()) {
                    List<String> names = new ArrayList<>();
                    v.forEach(n -> names.add(n.asText()));
                    return "users:" + String.join(",", names);
                }
                if (v.isTextual()) return kind + ":" + v.asText();
            }
            return to.toString();
        }

        static final class Converter implements ITypeConverter<To> {
            @Override
            public To convert(String value) {
                try {
                    return parse(value);
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException(e.getMessage());
                }
            }
        }
    }

    static final class PriorityConverter implements ITypeConverter<Priority> {
        @Override
        public Priority convert(String value) {
            try {
                return Priority.parse(value.toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("must be high or normal, not '" + value + "'");
            }
        }
    }
}
