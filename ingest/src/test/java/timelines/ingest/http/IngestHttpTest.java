package timelines.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IngestHttpTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "application/json",
        "application/json; charset=utf-8",
        "application/json;charset=UTF-8",
        "Application/JSON",
        " application/json ",
        "application/vnd.pagerduty+json",
        "application/problem+json; charset=utf-8"
    })
    void acceptsJsonContentTypes(String contentType) {
        assertThat(IngestHttp.isJson(contentType)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "text/plain",
        "text/plain; charset=utf-8",
        "application/x-www-form-urlencoded",
        "application/jsonp",
        "application/xml",
        "multipart/form-data; boundary=application/json"
    })
    void refusesOtherContentTypes(String contentType) {
        assertThat(IngestHttp.isJson(contentType)).isFalse();
    }
}
