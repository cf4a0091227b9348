package timelines.streams;

import java.util.Map;
import timelines.contracts.Record;
import timelines.contracts.Signal;

/**
 * Whether the topology can take a signal or record read from its input topics at all. Ingest
 * never writes one that fails here (it bounds every field, README "Field limits"); one that does
 * came from another producer or an older ingest, and would either make a processor throw or grow
 * the state of its key past Kafka's record limit. It is refused before any state is touched, so
 * the processing exception handler puts it on the dead-letter topic with the reason.
 */
public final class InputCheck {
    /** Longest env, service, check, source or record id: well above ingest's limits, far below a record's size. */
    static final int MAX_NAME = 1_000;
    /** Longest summary, title, link or label text. */
    static final int MAX_TEXT = 4_000;
    /** Most services one record names. */
    static final int MAX_SERVICES = 200;

    private InputCheck() {}

    /** Why an input cannot be used; {@link #USABLE} when it can. */
    public enum Verdict {
        USABLE,
        NO_ID,
        NO_TIME,
        NO_ENV_OR_SERVICE,
        NAME_TOO_LONG,
        TEXT_TOO_LONG,
        TOO_MANY_LABELS,
        TOO_MANY_SERVICES
    }

    public static Verdict verdict(Signal s) {
        if (s.id() == null || s.id().isEmpty()) {
            return Verdict.NO_ID;
        }
        if (s.observedAt() == null || s.receivedAt() == null) {
            return Verdict.NO_TIME;
        }
        if (s.env() == null || s.service() == null || s.service().isEmpty()) {
            return Verdict.NO_ENV_OR_SERVICE;
        }
        if (longer(s.env(), MAX_NAME) || longer(s.service(), MAX_NAME) || longer(s.check(), MAX_NAME)
                || longer(s.source(), MAX_NAME)) {
            return Verdict.NAME_TOO_LONG;
        }
        if (longer(s.summary(), MAX_TEXT) || longer(s.link(), MAX_TEXT)) {
            return Verdict.TEXT_TOO_LONG;
        }
        if (s.labels().size() > Signal.MAX_LABELS) {
            return Verdict.TOO_MANY_LABELS;
        }
        for (Map.Entry<String, String> l : s.labels().entrySet()) {
            if (longer(l.getKey(), MAX_NAME) || longer(l.getValue(), MAX_TEXT)) {
                return Verdict.TEXT_TOO_LONG;
            }
        }
        return Verdict.USABLE;
    }

    public static Verdict verdict(Record r) {
        if (r.openedAt() == null || r.type() == null) {
            return Verdict.NO_TIME;
        }
        if (longer(r.id(), MAX_NAME) || longer(r.env(), MAX_NAME)) {
            return Verdict.NAME_TOO_LONG;
        }
        if (longer(r.title(), MAX_TEXT) || longer(r.link(), MAX_TEXT)) {
            return Verdict.TEXT_TOO_LONG;
        }
        if (r.services().size() > MAX_SERVICES) {
            return Verdict.TOO_MANY_SERVICES;
        }
        for (String service : r.services()) {
            if (service == null || longer(service, MAX_NAME)) {
                return Verdict.NAME_TOO_LONG;
            }
        }
        return Verdict.USABLE;
    }

    private static boolean longer(String s, int max) {
        return s != null && s.length() > max;
    }

    /** Thrown for an unusable input; its message starts with the verdict, which the dead-letter record carries. */
    public static final class UnusableInput extends RuntimeException {
        private final Verdict verdict;

        public UnusableInput(Verdict verdict, String what) {
            super(verdict.name() + ": " + what + " cannot be used", null, false, false);
            this.verdict = verdict;
        }

        public Verdict verdict() {
            return verdict;
        }
    }
}
