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

    /**
     * The answer this vendor needs for a delivery, in place of ingest's JSON outcome (a handshake
     * that must echo what it was sent); null for the usual answer. Pure, as {@link #normalize}.
     *
     * @param outcome how the delivery ended, once Kafka has it
     */
    default VendorAnswer answer(RawDelivery delivery, Outcome outcome) {
        return null;
    }
}
