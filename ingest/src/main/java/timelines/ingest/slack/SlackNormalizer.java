package timelines.ingest.slack;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Outcome;
import timelines.ingest.delivery.Payload;
import timelines.ingest.delivery.VendorAnswer;

/**
 * Slack's Events API (https://api.slack.com/apis/events-api): a person's message in one of the
 * channels the config names ({@code ingest.slack.channels}, channel ids) is a REPORT, a person
 * saying users are affected (DESIGN 4a). Seed 001's outage was first reported on a support
 * channel; this is how such a report reaches the timeline without anyone copying it over.
 *
 * <ul>
 *   <li>{@code url_verification}: the handshake Slack sends when the Request URL is saved; it is
 *       ignored as a signal and answered with its {@code challenge} ({@link #answer}).
 *   <li>{@code event_callback} whose event is a {@code message} from a person (no {@code subtype},
 *       or a person's own kind: {@code thread_broadcast}, {@code file_share}, {@code me_message})
 *       in a named channel: REPORT at the message's {@code ts}, else the envelope's
 *       {@code event_time}. Service {@code slack:<channel id>} until a catalog rule on the text
 *       names the real one ({@code match: { source: slack, summary: "(?i)checkout" }}); check the
 *       channel id; the text is the summary.
 *   <li>Everything else is ignored with its reason ({@link Verdict}): bots (a {@code bot_id}, or
 *       subtype {@code bot_message}), other subtypes (edits, deletions, joins, topic changes),
 *       other channels and direct messages, other event types, {@code app_rate_limited}. An outer type the Events API
 *       does not have is refused.
 * </ul>
 *
 * <p>Slack retries a delivery it got no 2xx for within three seconds, up to three times, with the
 * same {@code event_id} ({@code X-Slack-Retry-Num} says which try it is). The signal id is made
 * from the team, the {@code event_id} and the message time, all the same in every retry, so each
 * retry gives the same id and the topology drops the copies; a retry is still processed in full,
 * since the try before it may have been the one that failed.
 *
 * <p>The signature is checked before this runs, on the raw body ({@link SlackSignature}, from
 * {@code WebhookAuth}); a replayed capture is not checked again (it keeps no signature).
 */
public final class SlackNormalizer implements Normalizer {
    public static final String SOURCE = "slack";

    /** Message subtypes a person writes: everything else is a system message or a change to one. */
    /** The Events API's outer types; anything else is not a delivery of it. */
    static final Set<String> ENVELOPES = Set.of("event_callback", "url_verification", "app_rate_limited");

    static final Set<String> PERSON_SUBTYPES = Set.of("thread_broadcast", "file_share", "me_message");

    /** Slack's message {@code ts}: Unix seconds with a fraction, as a string ("1355517523.000005"). */
    private static final Pattern TS = Pattern.compile("(\\d{1,12})(?:\\.(\\d{1,9}))?");

    /** What one delivery is; all but {@link #REPORT} are ignored and say why. */
    public enum Verdict {
        REPORT(null),
        URL_VERIFICATION("Slack url_verification handshake: its challenge is answered"),
        /** Slack says it is dropping this app's events for a while: nothing to read in it. */
        RATE_LIMITED("Slack app_rate_limited notice: Slack is not sending this app's events for a while"),
        NOT_A_MESSAGE("not a message event"),
        BOT_MESSAGE("a bot's message, not a person's report"),
        SUBTYPE("a message subtype that is not a person's new message (edit, deletion, join, topic...)"),
        NO_CHANNELS_CONFIGURED("no Slack channels are configured (ingest.slack.channels), so no message is a report"),
        OTHER_CHANNEL("a channel not named in ingest.slack.channels");

        final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }
    }

    private final String defaultEnv;
    private final Set<String> channels;

    /** With no channels: every message is ignored until some are named. */
    public SlackNormalizer(String defaultEnv) {
        this(defaultEnv, Set.of());
    }

    /** @param channels the ids of the channels whose messages are reports ({@code C0123ABC}) */
    public SlackNormalizer(String defaultEnv, Set<String> channels) {
        this.defaultEnv = defaultEnv;
        this.channels = Set.copyOf(channels);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body == null || !body.isObject()) {
            return Normalization.rejected("expected a Slack Events API object");
        }
        try {
            String envelope = Payload.requiredText(body, "type", "");
            if (!ENVELOPES.contains(envelope)) {
                return Normalization.rejected("unknown Slack Events API type '" + envelope + "' (expected "
                        + "event_callback, url_verification or app_rate_limited)");
            }
            if (envelope.equals("url_verification")) {
                Payload.requiredText(body, "challenge", "");
            } else if (envelope.equals("event_callback")) {
                Payload.requiredText(body, "event_id", "");
                JsonNode event = Payload.requiredObject(body, "event", "");
                Payload.requiredText(event, "type", " in 'event'");
            }
            Verdict verdict = judge(body, channels);
            if (verdict != Verdict.REPORT) {
                String type = Payload.optionalText(body.path("event"), "type");
                String subtype = Payload.optionalText(body.path("event"), "subtype");
                String detail = switch (verdict) {
                    case NOT_A_MESSAGE -> " (event type '" + type + "')";
                    case SUBTYPE -> " ('" + subtype + "')";
                    case OTHER_CHANNEL -> " ('" + Payload.optionalText(body.path("event"), "channel") + "')";
                    default -> "";
                };
                return Normalization.ignored(verdict.reason + detail);
            }
            return Normalization.signals(List.of(report(body, delivery.receivedAt())));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    /**
     * What a delivery is, from its envelope and event: the one decision of this source, pure.
     *
     * @param channels the configured channel ids
     */
    static Verdict judge(JsonNode body, Set<String> channels) {
        String envelope = body.path("type").asText("");
        if (envelope.equals("url_verification")) {
            return Verdict.URL_VERIFICATION;
        }
        if (!envelope.equals("event_callback")) {
            return Verdict.RATE_LIMITED;
        }
        JsonNode event = body.path("event");
        if (!"message".equals(event.path("type").asText(null))) {
            return Verdict.NOT_A_MESSAGE;
        }
        String subtype = text(event, "subtype");
        // Apps with granular bot permissions post without a subtype: only the bot_id tells.
        if (text(event, "bot_id") != null || "bot_message".equals(subtype)) {
            return Verdict.BOT_MESSAGE;
        }
        if (subtype != null && !PERSON_SUBTYPES.contains(subtype)) {
            return Verdict.SUBTYPE;
        }
        if (channels.isEmpty()) {
            return Verdict.NO_CHANNELS_CONFIGURED;
        }
        String channel = text(event, "channel");
        return channel != null && channels.contains(channel) ? Verdict.REPORT : Verdict.OTHER_CHANNEL;
    }

    private Signal report(JsonNode body, Instant receivedAt) {
        JsonNode event = body.get("event");
        String channel = Payload.requiredText(event, "channel", " in 'event'");
        String eventId = Payload.requiredText(body, "event_id", "");
        String team = Payload.optionalText(body, "team_id");
        String ts = Payload.optionalText(event, "ts");
        String eventTime = Payload.optionalText(body, "event_time");
        Instant observedAt = ts != null ? ts(ts, "'ts' in 'event'") : null;
        if (observedAt == null && eventTime != null) {
            observedAt = ts(eventTime, "'event_time'");
        }
        String written = ts != null ? ts : eventTime;
        if (observedAt == null) {
            observedAt = receivedAt;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("channel", channel);
        Payload.putIfPresent(labels, "channel_type", Payload.optionalText(event, "channel_type"));
        Payload.putIfPresent(labels, "user", Payload.optionalText(event, "user"));
        Payload.putIfPresent(labels, "team", team);
        String thread = Payload.optionalText(event, "thread_ts");
        if (thread != null && !thread.equals(ts)) {
            // A reply: the thread's start is a time, so moving a capture would move it; whether it is one is enough.
            labels.put("in_thread", "true");
        }
        Payload.putIfPresent(labels, "subtype", Payload.optionalText(event, "subtype"));
        labels.put("event_id", eventId);
        String text = Payload.optionalText(event, "text");
        String summary = text != null ? text : "a message without text in Slack channel " + channel;
        // The same in every retry of the event: team, event id and the message's own time (never the receipt).
        String id = Ids.of(SOURCE, (team == null ? "" : team) + "\u0000" + eventId, SignalType.REPORT.name(),
                written == null ? "" : written);
        return new Signal(id, SOURCE, SignalType.REPORT, defaultEnv, "slack:" + channel, channel, observedAt,
                receivedAt, false, null, summary, null, labels, false);
    }

    /** The url_verification handshake answered as Slack's docs show it: 200, the challenge as plain text. */
    @Override
    public VendorAnswer answer(RawDelivery delivery, Outcome outcome) {
        JsonNode body = delivery.body();
        if (outcome.kind() != Outcome.Kind.IGNORED || body == null
                || !"url_verification".equals(body.path("type").asText(null))) {
            return null;
        }
        return new VendorAnswer(200, "text/plain; charset=utf-8", body.path("challenge").asText(""));
    }

    /** A Slack time: whole seconds, or seconds and a fraction ("1355517523.000005"), as text or a number. */
    static Instant ts(String text, String field) {
        Matcher m = TS.matcher(text.trim());
        if (!m.matches()) {
            throw new Payload.Invalid("field " + field + " is not a Slack time (Unix seconds): " + text);
        }
        long seconds = Long.parseLong(m.group(1));
        String fraction = m.group(2) == null ? "" : m.group(2);
        long nanos = fraction.isEmpty() ? 0 : Long.parseLong((fraction + "000000000").substring(0, 9));
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank() ? null : v.asText();
    }
}
