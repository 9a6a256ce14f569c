package org.xpush.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * {@code xpush status ID}: a notification's target and delivery counts from a running server's
 * {@code GET /api/v1/notifications/{id}}, as one {@code name value} line each, or the server's JSON with
 * {@code --json}. Exit codes: see {@link ApiCaller}; an unknown id is 1.
 */
@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Show a notification's delivery counts (from a running server's HTTP API).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:no such notification, or refused by the server", "2:bad arguments",
                "3:the server cannot be reached"})
final class StatusCommand implements Callable<Integer> {

    /** The counts, in the order printed (README "Delivery" defines them). */
    private static final List<String> COUNTS =
            List.of("targeted", "delivered", "acknowledged", "failed", "expired", "pending");

    @Parameters(index = "0", paramLabel = "ID", description = "the id that `xpush send` printed")
    String id;

    @Option(names = "--json", description = "print the server's JSON instead")
    boolean json;

    @Mixin
    ApiCaller api;

    @Override
    public Integer call() throws InterruptedException {
        if (id.isBlank()) throw new ParameterException(api.command.commandLine(), "ID must not be empty");
        return api.run(() -> {
            ApiCaller.Answer answer = api.get("/api/v1/notifications/" + ApiCaller.pathSegment(id));
            if (answer.status() == 404) throw new ApiCaller.Failure(ApiCaller.API_ERROR, "no notification " + id);
            if (!answer.isSuccess()) throw api.refused(answer);
            PrintWriter out = api.command.commandLine().getOut();
            if (json) {
                out.println(answer.body().strip());
                return 0;
            }
            JsonNode n = api.json(answer);
            line(out, "to", SendCommand.To.describe(n.path("to")));
            line(out, "title", n.path("title").asText("-"));
            line(out, "created", n.path("created").asText("-"));
            for (String count : COUNTS) line(out, count, n.path("counts").path(count).asText("-"));
            return 0;
        });
    }

    private static void line(PrintWriter out, String name, String value) {
        out.printf("%-12s %s%n", name, value);
    }
}
