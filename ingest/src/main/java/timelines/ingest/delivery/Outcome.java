package timelines.ingest.delivery;

import java.util.List;

/** How one delivery ended, in the terms the HTTP answer and a replay's summary need. */
public record Outcome(Kind kind, List<String> ids, String reason) {
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

    static Outcome accepted(List<String> ids) {
        return new Outcome(Kind.ACCEPTED, ids, null);
    }

    static Outcome ignored(String reason) {
        return new Outcome(Kind.IGNORED, List.of(), reason);
    }

    static Outcome rejected(String reason) {
        return new Outcome(Kind.REJECTED, List.of(), reason);
    }

    static Outcome unavailable(String reason) {
        return new Outcome(Kind.UNAVAILABLE, List.of(), reason);
    }
}
