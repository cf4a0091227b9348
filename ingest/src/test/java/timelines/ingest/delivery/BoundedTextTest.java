package timelines.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BoundedTextTest {

    @Test
    void cutsWithAMarkerAtTheLimit() {
        assertThat(BoundedText.cut("abcdef", 4)).isEqualTo("abc…");
        assertThat(BoundedText.cut("abcd", 4)).isEqualTo("abcd");
        assertThat(BoundedText.cut(null, 4)).isNull();
    }

    @Test
    void neverSplitsASurrogatePair() {
        String s = "ab\uD83D\uDE80cd";   // a rocket between two pairs of letters

        assertThat(BoundedText.cut(s, 4)).isEqualTo("ab…");
    }

    @Test
    void answersTheSameStringWhenNothingChanges() {
        String s = "deployer-api";

        assertThat(BoundedText.cut(s, 200)).isSameAs(s);
        assertThat(BoundedText.oneLine(s)).isSameAs(s);
        assertThat(BoundedText.prose(s)).isSameAs(s);
        assertThat(BoundedText.trim(s)).isSameAs(s);
    }

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("line break", "a\nb", "a\uFFFDb"),
                Arguments.of("carriage return", "a\r\nb", "a\uFFFD\uFFFDb"),
                Arguments.of("escape sequence", "\u001b[31mred", "\uFFFD[31mred"),
                Arguments.of("NUL", "a\u0000", "a\uFFFD"),
                Arguments.of("next line (C1)", "a\u0085b", "a\uFFFDb"),
                Arguments.of("line separator", "a\u2028b", "a\uFFFDb"),
                Arguments.of("tab", "a\tb", "a\uFFFDb"),
                Arguments.of("unicode is fine", "café ✓", "café ✓"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void keepsANameOnOneLine(String what, String in, String out) {
        assertThat(BoundedText.oneLine(in)).isEqualTo(out);
    }

    @Test
    void keepsProseReadableOnOneLine() {
        assertThat(BoundedText.prose("Connection refused\r\n  at Pool.get\n\tat Main")).isEqualTo(
                "Connection refused   at Pool.get  at Main");
        assertThat(BoundedText.prose("\u001b[2Jcleared")).isEqualTo("\uFFFD[2Jcleared");
    }

    @Test
    void trimsATrailingNewlineFromATemplate() {
        assertThat(BoundedText.trim("prod\n")).isEqualTo("prod");
        assertThat(BoundedText.trim("  checkout ")).isEqualTo("checkout");
    }
}
