package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.streams.InputCheck.Verdict;

class InputCheckTest {
    private static final Instant T = Instant.parse("2026-01-01T09:00:00Z");

    private static Signal signal(String id, Instant at, String env, String service, String check, String summary,
            String link, Map<String, String> labels) {
        return new Signal(id, "generic", SignalType.FAILING, env, service, check, at, at, false, null, summary, link,
                labels, false);
    }

    static Stream<Arguments> signals() {
        String longName = "n".repeat(InputCheck.MAX_NAME + 1);
        String longText = "t".repeat(InputCheck.MAX_TEXT + 1);
        Map<String, String> manyLabels = new HashMap<>();
        for (int i = 0; i <= Signal.MAX_LABELS; i++) {
            manyLabels.put("k" + i, "v");
        }
        return Stream.of(
                Arguments.of("an ordinary signal", signal("i", T, "prod", "api", "c", "down", "https://x", Map.of()),
                        Verdict.USABLE),
                Arguments.of("names and texts at their limits", signal("i", T, "prod", "n".repeat(InputCheck.MAX_NAME),
                        "c", "t".repeat(InputCheck.MAX_TEXT), null, Map.of()), Verdict.USABLE),
                Arguments.of("no id", signal(null, T, "prod", "api", "c", "s", null, Map.of()), Verdict.NO_ID),
                Arguments.of("no time", signal("i", null, "prod", "api", "c", "s", null, Map.of()), Verdict.NO_TIME),
                Arguments.of("no service", signal("i", T, "prod", "", "c", "s", null, Map.of()),
                        Verdict.NO_ENV_OR_SERVICE),
                Arguments.of("a long check", signal("i", T, "prod", "api", longName, "s", null, Map.of()),
                        Verdict.NAME_TOO_LONG),
                Arguments.of("a long link", signal("i", T, "prod", "api", "c", "s", longText, Map.of()),
                        Verdict.TEXT_TOO_LONG),
                Arguments.of("a long label", signal("i", T, "prod", "api", "c", "s", null, Map.of("k", longText)),
                        Verdict.TEXT_TOO_LONG),
                Arguments.of("too many labels", signal("i", T, "prod", "api", "c", "s", null, manyLabels),
                        Verdict.TOO_MANY_LABELS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signals")
    void shouldJudgeSignals(String story, Signal signal, Verdict expected) {
        assertThat(InputCheck.verdict(signal)).isEqualTo(expected);
    }

    static Stream<Arguments> records() {
        return Stream.of(
                Arguments.of("an ordinary record", new Record("r", RecordType.INCIDENT, "prod", List.of("api"), T, null,
                        null, "Checkout down", "https://jira/X-1"), Verdict.USABLE),
                Arguments.of("no time", new Record("r", RecordType.INCIDENT, "prod", List.of(), null, null, null, "t",
                        null), Verdict.NO_TIME),
                Arguments.of("a long title", new Record("r", RecordType.INCIDENT, "prod", List.of(), T, null, null,
                        "t".repeat(InputCheck.MAX_TEXT + 1), null), Verdict.TEXT_TOO_LONG),
                Arguments.of("too many services", new Record("r", RecordType.INCIDENT, "prod",
                        java.util.Collections.nCopies(InputCheck.MAX_SERVICES + 1, "s"), T, null, null, "t", null),
                        Verdict.TOO_MANY_SERVICES));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void shouldJudgeRecords(String story, Record record, Verdict expected) {
        assertThat(InputCheck.verdict(record)).isEqualTo(expected);
    }
}
