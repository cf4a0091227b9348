package timelines.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelines.contracts.Json;

/**
 * {@code timelines mark change}: one CHANGE signal posted to a running ingest's {@code /v1/signals},
 * for the changes no tool reports by itself (an {@code apt upgrade} run by hand, a pipeline step, a
 * config edit), so that an outage soon after names it as its trigger candidate.
 */
@Command(name = "mark", mixinStandardHelpOptions = true,
        description = "Mark something that happened on the timeline of a running ingest.",
        subcommands = MarkCommand.Change.class)
final class MarkCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "change", mixinStandardHelpOptions = true,
            description = {"Post a CHANGE signal (a deploy, an upgrade, a config change) to ingest's /v1/signals: "
                    + "an outage of the service within correlation.lookback after it names it as its trigger candidate.",
                    "Exits 0 when ingest accepted it, 1 when it was refused or ingest could not be reached."})
    static final class Change implements Callable<Integer> {
        /** The generic endpoint ingest takes its own signal format on (DESIGN section 4). */
        static final String PATH = "/v1/signals";

        @Option(names = "--url", defaultValue = "${env:TIMELINES_URL:-http://localhost:8080}",
                description = "Ingest's base URL (default: TIMELINES_URL, else http://localhost:8080).")
        URI url;

        @Option(names = "--token", defaultValue = "${env:TIMELINES_TOKEN}",
                description = "Sent as 'Authorization: Bearer'; default: TIMELINES_TOKEN (prefer it: a command line is "
                        + "visible to others).")
        String token;

        @Option(names = {"-s", "--service"}, required = true,
                description = "The service that changed, as the catalog names it.")
        String service;

        @Option(names = {"-e", "--env"},
                description = "Its env (default: the catalog's default env, as ingest applies it).")
        String env;

        @Option(names = {"-m", "--summary"}, required = true, description = "What changed, in a line.")
        String summary;

        @Option(names = "--at",
                description = "When it changed (ISO-8601, e.g. 2026-05-01T12:00:00Z; default: now, to the second).")
        Instant at;

        @Option(names = "--link", description = "Where to read more (a pipeline run, a ticket).")
        String link;

        @Option(names = {"-l", "--label"}, description = "A label key=value; may be repeated.")
        Map<String, String> labels = new LinkedHashMap<>();

        Clock clock = Clock.systemUTC();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        PrintStream out = System.out;
        PrintStream err = System.err;

        @Override
        public Integer call() throws Exception {
            // The time is fixed here, not left to ingest's receipt: a retry of this same command line (or
            // its request) then carries the same time, so ingest gives it the same id and keeps it once.
            Instant when = at != null ? at : clock.instant().truncatedTo(ChronoUnit.SECONDS);
            byte[] body = Json.mapper().writeValueAsBytes(signal(when));
            HttpRequest.Builder request = HttpRequest.newBuilder(endpoint())
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (token != null && !token.isBlank()) {
                request.header("Authorization", "Bearer " + token.trim());
            }
            HttpResponse<String> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (java.io.IOException e) {
                err.println("mark change: ingest at " + url + " could not be reached: " + Main.rootMessage(e));
                return 1;
            }
            if (response.statusCode() / 100 == 2) {
                out.println("mark change: " + service + " at " + when + " (" + response.statusCode() + " "
                        + response.body().strip() + ")");
                return 0;
            }
            err.println("mark change: refused with " + response.statusCode() + ": " + response.body().strip());
            return 1;
        }

        ObjectNode signal(Instant when) {
            ObjectNode s = Json.mapper().createObjectNode();
            s.put("type", "CHANGE");
            s.put("service", service);
            if (env != null && !env.isBlank()) {
                s.put("env", env);
            }
            s.put("summary", summary);
            s.put("observedAt", when.toString());
            if (link != null && !link.isBlank()) {
                s.put("link", link);
            }
            ObjectNode l = s.putObject("labels");
            labels.forEach(l::put);
            l.put("via", "timelines mark change");
            return s;
        }

        private URI endpoint() {
            String base = url.toString();
            return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + PATH);
        }
    }
}
