package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.incidents.Story.at;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.streams.DeadlineIndex;

/**
 * {@link DeadlineIndex}, as stage 2 uses it for its unrecorded-outage checks and retirements (and
 * stage 1 for closing episodes): each story is a list of steps, {@code set KEY TIME},
 * {@code clear KEY}, {@code size N}, and {@code poll TIME -> KEY@TIME, ...} with what comes out.
 */
class DeadlineIndexTest {

    static Stream<Arguments> stories() {
        return Stream.of(
                Arguments.of("an outage's check due 09:44 comes out at 09:44, and only once", List.of(
                        "set inc-1 09:44",
                        "poll 09:43:59.999 ->",
                        "poll 09:44 -> inc-1@09:44",
                        "poll 10:00 ->",
                        "size 0")),
                Arguments.of("BEGIN moved later: the check moves from 09:44 to 10:00", List.of(
                        "set inc-1 09:44",
                        "set inc-1 10:00",
                        "size 1",
                        "poll 09:50 ->",
                        "poll 10:00 -> inc-1@10:00")),
                Arguments.of("a late FAILING moved BEGIN earlier: the check moves from 09:44 to 09:35", List.of(
                        "set inc-1 09:44",
                        "set inc-1 09:35",
                        "poll 09:40 -> inc-1@09:35",
                        "poll 09:44 ->")),
                Arguments.of("recorded before the due time: the check is cleared", List.of(
                        "set inc-1 09:44",
                        "clear inc-1",
                        "size 0",
                        "poll +1 09:00 ->")),
                Arguments.of("three incidents come out in time order, whatever order they were set in", List.of(
                        "set inc-3 10:00",
                        "set inc-1 09:44",
                        "set inc-2 09:50",
                        "poll 10:00 -> inc-1@09:44, inc-2@09:50, inc-3@10:00")),
                Arguments.of("two due at the same millisecond come out in key order", List.of(
                        "set prod|inc-b 09:44",
                        "set prod|inc-a 09:44",
                        "poll 09:44 -> prod|inc-a@09:44, prod|inc-b@09:44")),
                Arguments.of("what is polled is gone; what is not yet due stays", List.of(
                        "set inc-1 09:44",
                        "set inc-2 10:30",
                        "poll 10:00 -> inc-1@09:44",
                        "size 1",
                        "poll 10:30 -> inc-2@10:30",
                        "size 0")),
                Arguments.of("moving one of two keys due at the same time leaves the other", List.of(
                        "set inc-1 09:44",
                        "set inc-2 09:44",
                        "set inc-1 11:00",
                        "poll 09:44 -> inc-2@09:44",
                        "poll 11:00 -> inc-1@11:00")),
                Arguments.of("clearing a key that has no deadline changes nothing", List.of(
                        "set inc-1 09:44",
                        "clear inc-9",
                        "size 1",
                        "poll 09:44 -> inc-1@09:44")),
                Arguments.of("set twice to the same time: due once", List.of(
                        "set inc-1 09:44",
                        "set inc-1 09:44",
                        "size 1",
                        "poll 09:44 -> inc-1@09:44",
                        "size 0")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("stories")
    void shouldGiveOutDueKeysInTimeOrderOnce(String story, List<String> steps) {
        DeadlineIndex index = new DeadlineIndex();
        for (String step : steps) {
            String[] words = step.split(" ", 2);
            switch (words[0]) {
                case "set" -> {
                    String[] keyAndTime = words[1].split(" ", 2);
                    index.set(keyAndTime[0], at(keyAndTime[1]).toEpochMilli());
                }
                case "clear" -> index.set(words[1], null);
                case "size" -> assertThat(index.size()).as(step).isEqualTo(Integer.parseInt(words[1]));
                case "poll" -> {
                    String[] timeAndDue = words[1].split(" ->", 2);
                    String due = index.pollDue(at(timeAndDue[0]).toEpochMilli()).stream()
                            .map(d -> d.key() + "@" + Story.hm(Instant.ofEpochMilli(d.at())))
                            .collect(Collectors.joining(", "));
                    assertThat(due).as(step).isEqualTo(timeAndDue[1].trim());
                }
                default -> throw new IllegalArgumentException(step);
            }
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "2016-09-05T09:44:00Z,             2016-09-05T09:44:00Z",
            "2016-09-05T09:44:00.001Z,         2016-09-05T09:44:00.001Z",
            "2016-09-05T09:44:00.000001Z,      2016-09-05T09:44:00.001Z",
            "2016-09-05T09:44:00.000999999Z,   2016-09-05T09:44:00.001Z",
            "2016-09-05T09:44:00.001000001Z,   2016-09-05T09:44:00.002Z",
            "2016-09-05T09:43:59.999999Z,      2016-09-05T09:44:00Z",
            "1969-12-31T23:59:59.999500Z,      1970-01-01T00:00:00Z"})
    void shouldRoundASubMillisecondDeadlineUpToTheNextMillisecond(String deadline, String expected) {
        Instant t = Instant.parse(deadline);

        long millis = DeadlineIndex.millisAtOrAfter(t);

        assertThat(Instant.ofEpochMilli(millis)).isEqualTo(Instant.parse(expected));
        assertThat(Instant.ofEpochMilli(millis)).as("never judged before its time").isAfterOrEqualTo(t);
        assertThat(Duration.between(t, Instant.ofEpochMilli(millis))).isLessThan(Duration.ofMillis(1));
    }

    @ParameterizedTest(name = "a Sentry BEGIN at {0}: due at {1}, not at the millisecond before")
    @CsvSource({
            "2016-09-05T09:29:00.123456Z, 2016-09-05T09:44:00.124Z",
            "2016-09-05T09:29:00.123Z,    2016-09-05T09:44:00.123Z"})
    void shouldFindADeadlineDueOnlyOnceItsInstantHasPassed(String begin, String dueAt) {
        Instant due = Instant.parse(begin).plus(Duration.ofMinutes(15));
        DeadlineIndex index = new DeadlineIndex();
        index.set("prod|inc-1", DeadlineIndex.millisAtOrAfter(due));

        assertThat(index.pollDue(Instant.parse(dueAt).toEpochMilli() - 1)).isEmpty();
        assertThat(index.pollDue(Instant.parse(dueAt).toEpochMilli()))
                .containsExactly(new DeadlineIndex.Due("prod|inc-1", Instant.parse(dueAt).toEpochMilli()));
    }
}
