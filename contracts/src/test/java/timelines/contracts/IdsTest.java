package timelines.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Ids are what make a vendor's retry a duplicate and a replay byte-identical. */
class IdsTest {

    @Test
    void sameGivesSameId() {
        assertThat(Ids.of("pingdom", "12345", "FAILING", "2016-09-05T09:29:00Z"))
                .isEqualTo(Ids.of("pingdom", "12345", "FAILING", "2016-09-05T09:29:00Z"));
    }

    @Test
    void differentPartsGiveDifferentIds() {
        String failing = Ids.of("pingdom", "12345", "FAILING", "2016-09-05T09:29:00Z");

        assertThat(Ids.of("pingdom", "12345", "RECOVERED", "2016-09-05T09:29:00Z")).isNotEqualTo(failing);
        assertThat(Ids.of("pingdom", "12346", "FAILING", "2016-09-05T09:29:00Z")).isNotEqualTo(failing);
        assertThat(Ids.of("pingdom", "12345", "FAILING", "2016-09-05T09:29:01Z")).isNotEqualTo(failing);
        assertThat(Ids.of("pingdom", "12345", "FAILING")).isNotEqualTo(failing);
    }

    @Test
    void partBoundariesMatter() {
        assertThat(Ids.of("ab", "c")).isNotEqualTo(Ids.of("a", "bc"));
        assertThat(Ids.of("abc")).isNotEqualTo(Ids.of("ab", "c"));
    }

    @Test
    void idIsThirtyTwoLowerCaseHexDigits() {
        assertThat(Ids.of("incident", "prod", "x")).matches("[0-9a-f]{32}");
    }
}
