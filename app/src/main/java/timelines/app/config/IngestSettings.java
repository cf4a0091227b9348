package timelines.app.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Ingest: where it listens, how it talks to Kafka, what it does on its own.
 *
 * @param port 0: a free port
 * @param probes the active probes file, or null
 * @param noAuth accept deliveries without a token (local demos only)
 * @param defaultEnv env of signals whose payload names none; null: the catalog's, else prod
 * @param slackSigningSecret a secret: never logged; null: {@code TIMELINES_SIGNING_SECRET_SLACK} or none
 * @param slackChannels the ids of the channels whose messages are reports; empty: every Slack message ignored
 * @param publicUrl the base of the URLs {@code /sources} shows; null: from the request
 */
public record IngestSettings(String host, int port, Duration tickInterval, Duration ackTimeout,
        boolean snsAutoConfirm, Path probes, boolean noAuth, String defaultEnv, String slackSigningSecret,
        Set<String> slackChannels, URI publicUrl) {

    /** A Slack channel id as Slack writes it (public C..., private G..., shared-channel ids alike). */
    private static final Pattern SLACK_CHANNEL = Pattern.compile("[CGD][A-Z0-9]{2,}");

    public IngestSettings {
        slackChannels = Set.copyOf(slackChannels);
    }

    static IngestSettings read(Values v) {
        return new IngestSettings(v.text("ingest.host"), v.number("ingest.port", 0, 65535),
                v.duration("ingest.tickInterval"), v.duration("ingest.ackTimeout"), v.bool("ingest.snsAutoConfirm"),
                v.path("ingest.probes"), v.bool("ingest.noAuth"), v.text("defaultEnv"),
                v.text("ingest.slack.signingSecret"), slackChannels(v.text("ingest.slack.channels")),
                v.httpUrl("ingest.publicUrl"));
    }

    /** Comma-separated or a YAML list; each one a channel id, not a name (the events name channels by id). */
    static Set<String> slackChannels(String text) {
        if (text == null) {
            return Set.of();
        }
        String list = text.strip();
        if (list.startsWith("[") && list.endsWith("]")) {
            list = list.substring(1, list.length() - 1);
        }
        Set<String> out = new TreeSet<>();
        for (String part : list.split(",")) {
            String id = part.strip();
            if (id.length() >= 2 && id.startsWith("\"") && id.endsWith("\"")) {
                id = id.substring(1, id.length() - 1);
            }
            if (id.isEmpty()) {
                continue;
            }
            if (!SLACK_CHANNEL.matcher(id).matches()) {
                throw new InvalidConfig("ingest.slack.channels: '" + id + "' is not a Slack channel id (like "
                        + "C0123ABCDEF; Slack shows it at the bottom of the channel's details), and Slack's "
                        + "events name channels only by id");
            }
            out.add(id);
        }
        return out;
    }
}
