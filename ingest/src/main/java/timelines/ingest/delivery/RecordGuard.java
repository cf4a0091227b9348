package timelines.ingest.delivery;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import timelines.contracts.Record;

/**
 * Bounds every record before it is sent, as {@link SignalGuard} bounds signals. {@code openedAt}
 * becomes the Kafka timestamp, so one more than 5 minutes after receipt is clamped to the receipt
 * (a record has no flag for it: the clamp is counted); a maintenance window may be scheduled ahead,
 * up to a year. A time before 1970, a window further ahead, an id over its limit (cutting it could
 * make two records one, the topic being compacted by id) or more services than a record may name
 * refuse the delivery; every other field is cut with a marker.
 */
public final class RecordGuard {
    private RecordGuard() {}

    /** The bounded record and what was changed, or null with the reason it cannot be sent at all. */
    public record Guarded(Record record, Set<Adjustment> adjustments, Refused refused) {}

    /** @param where names the record in a refusal, as the normalizers do (" (item 3)") */
    public static Guarded apply(Record r, Instant receivedAt, String where) {
        Set<Adjustment> done = EnumSet.noneOf(Adjustment.class);
        Instant openedAt = r.openedAt();
        TimeBounds.Verdict opened = TimeBounds.event(openedAt, receivedAt);
        if (opened == TimeBounds.Verdict.CLAMPED_TO_RECEIPT) {
            openedAt = receivedAt;
            done.add(Adjustment.CLAMPED_FUTURE_TIME);
        } else if (opened != TimeBounds.Verdict.KEPT) {
            return refused(opened, "openedAt", where, openedAt);
        }
        for (String field : List.of("start", "end")) {
            Instant t = field.equals("start") ? r.start() : r.end();
            TimeBounds.Verdict v = t == null ? TimeBounds.Verdict.KEPT : TimeBounds.scheduled(t, receivedAt);
            if (v != TimeBounds.Verdict.KEPT) {
                return refused(v, field, where, t);
            }
        }
        if (r.id().length() > Record.MAX_ID) {
            return new Guarded(null, Set.of(), new Refused(Rejection.FIELD_TOO_LONG, "field 'id'" + where + " is "
                    + r.id().length() + " characters, over the limit of " + Record.MAX_ID));
        }
        if (r.services().size() > Record.MAX_SERVICES) {
            return new Guarded(null, Set.of(), new Refused(Rejection.TOO_MANY_SERVICES, "field 'services'" + where
                    + " names " + r.services().size() + " services, over the limit of " + Record.MAX_SERVICES
                    + "; a record naming none covers the whole env"));
        }
        // Not trimmed: the id is the record's identity on a compacted topic, kept as the sender wrote it.
        String id = BoundedText.oneLine(r.id());
        if (id != r.id()) {
            done.add(Adjustment.REPLACED_CONTROL_CHARACTERS);
        }
        String env = SignalGuard.name(r.env(), Record.MAX_NAME, Adjustment.TRUNCATED_ENV, done);
        List<String> services = new ArrayList<>(r.services().size());
        boolean servicesChanged = false;
        for (String s : r.services()) {
            String bounded = SignalGuard.name(s, Record.MAX_NAME, Adjustment.TRUNCATED_SERVICE, done);
            servicesChanged |= bounded != s;
            services.add(bounded);
        }
        String title = SignalGuard.prose(r.title(), Record.MAX_TITLE, Adjustment.TRUNCATED_TITLE, done);
        String link = SignalGuard.name(r.link(), Record.MAX_LINK, Adjustment.TRUNCATED_LINK, done);
        if (done.isEmpty()) {
            return new Guarded(r, done, null);
        }
        return new Guarded(new Record(id, r.type(), env, servicesChanged ? services : r.services(), openedAt,
                r.start(), r.end(), title, link), done, null);
    }

    private static Guarded refused(TimeBounds.Verdict v, String field, String where, Instant t) {
        return new Guarded(null, Set.of(), new Refused(TimeBounds.rejection(v),
                TimeBounds.refusal(v, field, where, t, "more than a year ahead of receipt")));
    }
}
