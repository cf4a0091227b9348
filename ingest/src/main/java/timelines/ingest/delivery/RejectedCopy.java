package timelines.ingest.delivery;

import com.fasterxml.jackson.databind.node.TextNode;
import timelines.contracts.RawDelivery;

/**
 * What of a rejected delivery is kept on {@code signals.rejected.v1} when all of it cannot be:
 * the start of its body, as text, and a marker saying that it was cut and how large it was. A
 * rejected delivery that does not fit in a Kafka record would otherwise be lost, and its sender
 * answered 503 and retrying for ever.
 */
public final class RejectedCopy {
    /** Characters of a body kept: even escaped six bytes each (control characters), far below Kafka's 1 MiB. */
    public static final int KEPT_CHARS = 64 * 1024;

    private RejectedCopy() {}

    /** The body's first characters (at most {@code keptChars}) and the marker, {@code size} saying how large it was. */
    public static TextNode cut(String body, int keptChars, String size) {
        int end = Math.min(body.length(), keptChars);
        if (end > 0 && end < body.length() && Character.isHighSurrogate(body.charAt(end - 1))) {
            end--;
        }
        return TextNode.valueOf(body.substring(0, end) + BoundedText.CUT + "[truncated: " + size + "; the first "
                + end + " characters are kept]");
    }

    /** The delivery with its body cut as {@link #cut} does; a JSON body is kept as its text. */
    static RawDelivery of(RawDelivery raw, int keptChars, String size) {
        String text = raw.body() == null ? "" : raw.body().isTextual() ? raw.body().asText() : raw.body().toString();
        return new RawDelivery(raw.receivedAt(), raw.source(), raw.headers(), cut(text, keptChars, size),
                raw.reason());
    }
}
