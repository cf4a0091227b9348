package timelines.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import timelines.contracts.Json;
import timelines.contracts.Signal;
import timelines.ingest.delivery.Normalization;

/** The vendors' published example deliveries under src/test/resources/fixtures (see each SOURCES.md). */
public final class Fixtures {
    private Fixtures() {}

    /** A fixture's text, by its path under fixtures/ (e.g. "pingdom/zulip-http_up_to_down.json"). */
    public static String text(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fixture parsed as JSON. */
    public static JsonNode json(String path) {
        return parse(text(path));
    }

    /** The one signal a delivery became; fails when it was rejected, ignored, or became several. */
    public static Signal onlySignal(Normalization n) {
        org.assertj.core.api.Assertions.assertThat(n.rejectedReason()).as("rejected").isNull();
        org.assertj.core.api.Assertions.assertThat(n.ignoredReason()).as("ignored").isNull();
        org.assertj.core.api.Assertions.assertThat(n.signals()).hasSize(1);
        return n.signals().get(0);
    }

    public static JsonNode parse(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
