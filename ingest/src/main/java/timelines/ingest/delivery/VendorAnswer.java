package timelines.ingest.delivery;

/**
 * What a vendor needs as the answer to a delivery instead of ingest's usual JSON outcome: Slack's
 * URL verification wants its {@code challenge} echoed with a 200. Built by the vendor's
 * {@link Normalizer#answer}, so the handshake stays in the vendor's package.
 */
public record VendorAnswer(int status, String contentType, String body) {}
