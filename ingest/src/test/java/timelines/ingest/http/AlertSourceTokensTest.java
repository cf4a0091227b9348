package timelines.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelines.ingest.Sources;

/** The README's per-source token variables for the DESIGN 4a alert sources, read as it says. */
class AlertSourceTokensTest {
    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource(textBlock = """
            datadog,        TIMELINES_TOKEN_DATADOG
            newrelic,       TIMELINES_TOKEN_NEWRELIC
            gcp-monitoring, TIMELINES_TOKEN_GCP_MONITORING
            azure-monitor,  TIMELINES_TOKEN_AZURE_MONITOR
            honeybadger,    TIMELINES_TOKEN_HONEYBADGER
            """)
    void eachSourceHasItsOwnTokenBesideTheShared(String source, String variable) {
        WebhookAuth auth = WebhookAuth.fromEnvironment(Map.of("TIMELINES_TOKEN", "shared", variable, "own-" + source),
                Sources.normalizers("prod").sources(), false);

        assertThat(auth.checkToken(source, null, "own-" + source)).isNull();
        assertThat(auth.checkToken(source, "Bearer own-" + source, null)).isNull();
        assertThat(auth.checkToken(source, null, "shared")).isEqualTo(WebhookAuth.Refusal.WRONG_TOKEN);
        assertThat(auth.checkToken(source, null, null)).isEqualTo(WebhookAuth.Refusal.MISSING_TOKEN);
        assertThat(auth.checkToken("pingdom", null, "shared")).as("other sources keep the shared token").isNull();
    }
}
