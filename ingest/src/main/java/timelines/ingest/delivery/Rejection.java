package timelines.ingest.delivery;

/**
 * Why a delivery is refused, with the HTTP answer it gets. Each is counted
 * ({@code timelines_ingest_rejected_total{reason}}) and the delivery is kept on
 * {@code signals.rejected.v1}. None of them is worth a retry: the same bytes would be refused
 * again, so none is a 5xx.
 */
public enum Rejection {
    /** A capture line names a source ingest does not know (over HTTP that is a 404, not kept). */
    UNKNOWN_SOURCE(400),
    MALFORMED_JSON(400),
    EMPTY_BODY(400),
    UNSUPPORTED_CONTENT_TYPE(415),
    /** Not the source's shape, or a field of the wrong type; the normalizer's message says which. */
    INVALID_PAYLOAD(400),
    /** The normalizer threw: a bug or a shape nobody foresaw, kept for a fixed normalizer to replay. */
    NORMALIZER_FAILED(400),
    /** Kafka refuses negative timestamps, and nothing this tool handles happened before 1970. */
    TIME_BEFORE_1970(400),
    /** A maintenance window more than a year ahead. */
    TIME_TOO_FAR_AHEAD(400),
    /** A field that is part of an identity (a record id) over its limit: cutting it could merge two. */
    FIELD_TOO_LONG(400),
    TOO_MANY_SERVICES(400),
    /** The request body is over {@code IngestHttp.MAX_BODY}. */
    BODY_TOO_LARGE(413),
    /** The delivery as stored (JSON, with its escapes) is over what the producer or broker takes. */
    TOO_LARGE_FOR_KAFKA(413),
    /** The body did not arrive within the read deadline. */
    BODY_TIMEOUT(408);

    public final int status;

    Rejection(int status) {
        this.status = status;
    }
}
