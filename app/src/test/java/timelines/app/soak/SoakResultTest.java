package timelines.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What makes {@code timelines soak} exit 1: anything lost, doubled, never answered, refused or half-written. */
class SoakResultTest {
    private static final Tally CLEAN = new Tally(100, 100, 0, 0, 0);

    private static Soak.Result result(Tally tally, long unanswered, long refused, List<String> unreadable) {
        return new Soak.Result(tally, List.of(), 3, unanswered, refused, unreadable, 0, List.of());
    }

    @Test
    void everyAcknowledgedDeliveryDraftedOnceIsClean() {
        assertThat(result(CLEAN, 0, 0, List.of()).clean()).isTrue();
    }

    @Test
    void aLostOrDuplicatedDeliveryIsNot() {
        assertThat(result(new Tally(100, 99, 1, 0, 0), 0, 0, List.of()).clean()).isFalse();
        assertThat(result(new Tally(100, 100, 0, 1, 0), 0, 0, List.of()).clean()).isFalse();
    }

    @Test
    void aDeliveryNeverAnsweredOrRefusedOrAHalfWrittenDraftIsNot() {
        assertThat(result(CLEAN, 1, 0, List.of()).clean()).isFalse();
        assertThat(result(CLEAN, 0, 1, List.of()).clean()).isFalse();
        assertThat(result(CLEAN, 0, 0, List.of("soak-4/x.json: Unexpected end-of-input")).clean()).isFalse();
    }
}
