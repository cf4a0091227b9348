package timelines.streams.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.junit.jupiter.api.Test;
import timelines.contracts.Ids;
import timelines.contracts.Json;

class RecentIdsTest {

    @Test
    void shouldKnowTheNewestIdsAndForgetTheOldest() {
        RecentIds ids = RecentIds.NONE;
        for (int i = 0; i < 300; i++) {
            ids = ids.with(Ids.of("signal", Integer.toString(i)), 256);
        }

        assertThat(ids.size()).isEqualTo(256);
        assertThat(ids.contains(Ids.of("signal", "299"))).isTrue();
        assertThat(ids.contains(Ids.of("signal", "44"))).isTrue();
        assertThat(ids.contains(Ids.of("signal", "43"))).isFalse();
        assertThat(ids.contains(Ids.of("signal", "300"))).isFalse();
    }

    @Test
    void shouldTellIdsThatAreNotHashesApart() {
        RecentIds ids = RecentIds.NONE.with("probe-1", 256).with("not-hex-but-thirty-two-chars-xx", 256);

        assertThat(ids.contains("probe-1")).isTrue();
        assertThat(ids.contains("not-hex-but-thirty-two-chars-xx")).isTrue();
        assertThat(ids.contains("probe-2")).isFalse();
    }

    @Test
    void shouldSurviveJsonAndReadTheListThatEarlierVersionsStored() throws JsonProcessingException {
        RecentIds ids = RecentIds.NONE.with(Ids.of("a"), 256).with(Ids.of("b"), 256);
        String json = Json.mapper().writeValueAsString(ids);

        assertThat(json).startsWith("\"");
        assertThat(Json.mapper().readValue(json, RecentIds.class)).isEqualTo(ids);
        String list = "[\"" + Ids.of("a") + "\",\"" + Ids.of("b") + "\"]";
        assertThat(Json.mapper().readValue(list, RecentIds.class)).isEqualTo(ids);
    }
}
