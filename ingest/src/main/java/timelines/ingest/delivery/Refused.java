package timelines.ingest.delivery;

/** A guard's refusal of a whole delivery: the named reason and the message the sender reads. */
public record Refused(Rejection rejection, String message) {}
