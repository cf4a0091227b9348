package timelines.sink.drafts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebLinkTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://sentry.example.com/issues/4711/", "http://grafana:3000/d/x?var=a b",
        "HTTPS://MY.PINGDOM.COM/reports/42", "https://user@host.example:8443/x", "https://[::1]:9093/#/alerts",
        "  https://padded.example/  "})
    void shouldKeepAnAbsoluteHttpOrHttpsUrlWithAHost(String link) {
        assertThat(WebLink.of(link)).isEqualTo(link.strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"javascript:alert(1)", "JavaScript:alert(document.cookie)", " \tjavascript:alert(1)",
        "httpjavascript:alert(1)", "http:javascript:alert(1)", "https:alert(1)", "https:///javascript:alert(1)",
        "https://", "http://:80/x", "https://user@/x", "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)", "//evil.example/x", "/relative/path", "ftp://files.example/x", "", "   "})
    void shouldRefuseEverythingElse(String link) {
        assertThat(WebLink.of(link)).isNull();
    }

    @Test
    void shouldRefuseNoLinkAtAll() {
        assertThat(WebLink.of(null)).isNull();
    }
}
