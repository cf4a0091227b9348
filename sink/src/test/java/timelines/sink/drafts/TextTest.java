package timelines.sink.drafts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TextTest {

    @ParameterizedTest(name = "{0} s is \"{1}\"")
    @CsvSource({
        "0,      0 s",
        "4,      4 s",
        "59,     59 s",
        "60,     1 min",
        "90,     1 min 30 s",
        "1860,   31 min",
        "3599,   59 min 59 s",
        "3600,   1 h",
        "4920,   1 h 22 min",
        "4959,   1 h 22 min",
        "50700,  14 h 5 min",
        "86399,  23 h 59 min",
        "86400,  1 d",
        "183600, 2 d 3 h",
        "185000, 2 d 3 h",
    })
    void formatsDurations(long seconds, String expected) {
        assertThat(Text.duration(seconds)).isEqualTo(expected);
    }

    @Test
    void formatsAnUnknownDurationAsADash() {
        assertThat(Text.duration(null)).isEqualTo("—");
    }

    @Test
    void formatsTimesInUtc() {
        Instant t = Instant.parse("2016-09-05T23:29:04.750Z");

        assertThat(Text.dateTime(t)).isEqualTo("2016-09-05 23:29:04 UTC");
        assertThat(Text.time(t)).isEqualTo("23:29:04");
        assertThat(Text.date(t)).isEqualTo("2016-09-05");
        assertThat(Text.dateTime(null)).isEqualTo("—");
    }

    @Test
    void escapesHtmlAndMarkdownControlCharacters() {
        assertThat(Text.md("<b>a & b</b>")).isEqualTo("&lt;b&gt;a &amp; b&lt;/b&gt;");
        assertThat(Text.md("*_`[]#|\\")).isEqualTo("\\*\\_\\`\\[\\]\\#\\|\\\\");
        assertThat(Text.md("one\ntwo\r\nthree\tfour")).isEqualTo("one two  three four");
        assertThat(Text.md(null)).isEmpty();
        assertThat(Text.md("deployer-api (prod): 503")).isEqualTo("deployer-api (prod): 503");
    }

    @Test
    void cutsLongTextWithAnEllipsisKeepingTheLimit() {
        assertThat(Text.cut("abcdef", 4)).isEqualTo("abc…").hasSize(4);
        assertThat(Text.cut("abcd", 4)).isEqualTo("abcd");
        assertThat(Text.cut(null, 4)).isNull();
    }

    @Test
    void fencesACodeSpanLongerThanAnyBacktickRunInIt() {
        assertThat(Text.code("deployer_api_5xx")).isEqualTo("`deployer_api_5xx`");
        assertThat(Text.code("a`b")).isEqualTo("``a`b``");
        assertThat(Text.code("``x")).isEqualTo("``` ``x ```");
        assertThat(Text.code("one\ntwo")).isEqualTo("`one two`");
        assertThat(Text.code(null)).isEqualTo("``");
    }

    @Test
    void percentEncodesWhatCouldEndALinkTargetOrOpenHtml() {
        assertThat(Text.url("https://my.pingdom.com/reports/42?from=1&to=2#top"))
                .isEqualTo("https://my.pingdom.com/reports/42?from=1&to=2#top");
        assertThat(Text.url("https://x/a b)(c|d<e>\\`\n")).isEqualTo("https://x/a%20b%29%28c%7Cd%3Ce%3E%5C%60%0A");
        assertThat(Text.url("https://x/already%20encoded")).isEqualTo("https://x/already%20encoded");
        assertThat(Text.url("https://x/caf\u00e9")).isEqualTo("https://x/caf%C3%A9");
    }

    @Test
    void cutsBeforeEscapingInACell() {
        assertThat(Text.cell("<<<<<<", 4)).isEqualTo("&lt;&lt;&lt;…");
    }
}
