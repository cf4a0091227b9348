package timelines.ingest.delivery;

import java.util.List;

/**
 * How one delivery ended, in the terms the HTTP answer and a replay's summary need.
 *
 * @param rejection why a REJECTED delivery was refused (its HTTP status); null otherwise
 */
public record Outcome(Kind kind, List<String> ids, String reason, Rejection rejection) {
    public enum Kind {
        ACCEPTED(202),
        IGNORED(202),
        REJECTED(400),
        UNAVAILABLE(503);

        public final int status;

        Kind(int status) {
            this.status = status;
        }
    }

    public Outcome {
        ids = ids == null ? List.of() : List.copyOf(ids);
    }

    public Outcome(Kind kind, List<String> ids, String reason) {
        this(kind, ids, reason, null);
    }

    /** The HTTP status that answers it: a rejection's own (400, 408, 413, 415), else the kind's. */
    public int status() {
        return rejection != null ? rejection.status : kind.status;
    }

    static Outcome accepted(List<String> ids) {
        return new Outcome(Kind.ACCEPTED, ids, null);
    }

    static Outcome ignored(String reason) {
        return new Outcome(Kind.IGNORED, List.of(), reason);
    }

    static Outcome rejected(Rejection rejection, String reason) {
        return new Outcome(Kind.REJECTED, List.of(), reason, rejection);
    }

    static Outcome unavailable(String reason) {
        return new Outcome(Kind.UNAVAILABLE, List.of(), reason);
    }
}
