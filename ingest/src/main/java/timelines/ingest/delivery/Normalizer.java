package timelines.ingest.delivery;

import timelines.contracts.RawDelivery;

/**
 * One source's format: a delivery in, signals or records out (or a reason it was ignored or
 * rejected). Pure: no I/O, time only from the delivery's {@code receivedAt}.
 */
public interface Normalizer {
    /** The webhook source name ({@code /v1/webhooks/{source}}, the capture's {@code source}). */
    String source();

    /** Whether this source takes plain text rather than JSON. */
    default boolean acceptsText() {
        return false;
    }

    Normalization normalize(RawDelivery delivery);
}
