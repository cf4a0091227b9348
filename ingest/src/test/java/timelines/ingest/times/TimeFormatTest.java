package timelines.ingest.times;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import timelines.contracts.Json;

class TimeFormatTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text);
    }

    @Test
    void epochSecondsStayANumberOrAStringAsTheyCame() {
        assertThat(TimeFormat.EPOCH_SECONDS.shift(NODES.numberNode(1473067740L), 60)).isEqualTo(NODES.numberNode(1473067800L));
        assertThat(TimeFormat.EPOCH_SECONDS.shift(NODES.numberNode(1473067740), 60).asLong()).isEqualTo(1473067800L);
        assertThat(TimeFormat.EPOCH_SECONDS.shift(TextNode.valueOf("1678087560"), -60))
                .isEqualTo(TextNode.valueOf("1678087500"));
        assertThat(TimeFormat.EPOCH_SECONDS.shift(TextNode.valueOf(" 1678087560"), 1))
                .isEqualTo(TextNode.valueOf(" 1678087561"));
    }

    @Test
    void anUnsubstitutedPlaceholderOrAnythingButDigitsIsNotATime() {
        assertThat(TimeFormat.EPOCH_SECONDS.shift(TextNode.valueOf("*alertDateTime*"), 60)).isNull();
        assertThat(TimeFormat.EPOCH_SECONDS.shift(TextNode.valueOf("2023-03-06"), 60)).isNull();
        assertThat(TimeFormat.EPOCH_SECONDS.shift(NODES.booleanNode(true), 60)).isNull();
        assertThat(TimeFormat.EPOCH_SECONDS.shift(NODES.nullNode(), 60)).isNull();
        assertThat(TimeFormat.EPOCH_SECONDS.shift(null, 60)).isNull();
    }

    @Test
    void opsgenieMillisecondsAndNanosecondsMoveByTheSameSeconds() throws Exception {
        assertThat(TimeFormat.EPOCH_MILLIS.shift(json("1420452191104"), 10).asLong()).isEqualTo(1420452201104L);
        assertThat(TimeFormat.EPOCH_NANOS.shift(json("1420452224764002246"), 10).asLong()).isEqualTo(1420452234764002246L);
        assertThat(TimeFormat.EPOCH_NANOS.shift(TextNode.valueOf("1420452224764002246"), -10))
                .isEqualTo(TextNode.valueOf("1420452214764002246"));
    }

    @Test
    void sentryFloatSecondsKeepTheirFractionAsTheReaderSeesIt() throws Exception {
        JsonNode original = json("1566248777.677");
        JsonNode moved = TimeFormat.EPOCH_SECONDS_FRACTION.shift(original, 200_000_000L);
        // What ingest reads back, after the moved body went over the wire as JSON.
        JsonNode reread = json(Json.mapper().writeValueAsString(moved));
        assertThat(reread.decimalValue()).isEqualByComparingTo(new BigDecimal("1766248777.677"));
        assertThat(TimeFormat.EPOCH_SECONDS_FRACTION.shift(json("1566248777"), 3).asLong()).isEqualTo(1566248780L);
        assertThat(TimeFormat.EPOCH_SECONDS_FRACTION.shift(TextNode.valueOf("1566248777.677"), 3))
                .as("the normalizer reads numbers only").isNull();
    }

    @Test
    void goZeroTimeMeansNoTimeAndStays() {
        assertThat(TimeFormat.GO_TEXT.shift(TextNode.valueOf("0001-01-01T00:00:00Z"), 86_400)).isNull();
        assertThat(TimeFormat.GO_TEXT.shift(TextNode.valueOf("0001-01-01T00:00:00+00:00"), 86_400)).isNull();
        assertThat(TimeFormat.GO_TEXT.shift(TextNode.valueOf("2023-02-06T13:41:15.828Z"), 86_400))
                .isEqualTo(TextNode.valueOf("2023-02-07T13:41:15.828Z"));
    }

    @Test
    void logTextMovesEachHeaderTimeInItsOwnShapeAndNothingElse() {
        String log = String.join("\r\n",
                "rabbitmq    | 2022-07-22 09:42:14.389534+00:00 [error] <0.598.0> Channel error at 2022-07-22 09:42:14",
                "=ERROR REPORT==== 5-Jan-2021::23:53:09 ===",
                "=ERROR REPORT==== 09-Jan-2021::01:53:09 ===",
                "Channel error on connection <0.4656.5484>",
                "2019-06-21 11:50:32.727 ERROR 17088 --- [127.0.0.1:5672] o.s.a.r.c.CachingConnectionFactory : Channel shutdown",
                "2023-03-06T07:26:00.123Z [main] WARN o.s.amqp - retrying",
                "16:09:53.610 WARN  o.s.a.r.l.SimpleMessageListenerContainer - Consumer raised exception",
                "\tat com.rabbitmq.client.impl.ChannelN.close(ChannelN.java:1) 2019-06-21 11:50:32.727",
                "");

        JsonNode moved = TimeFormat.LOG_TEXT.shift(TextNode.valueOf(log), 3600);

        assertThat(moved.asText()).isEqualTo(String.join("\r\n",
                "rabbitmq    | 2022-07-22 10:42:14.389534+00:00 [error] <0.598.0> Channel error at 2022-07-22 09:42:14",
                "=ERROR REPORT==== 6-Jan-2021::00:53:09 ===",
                "=ERROR REPORT==== 09-Jan-2021::02:53:09 ===",
                "Channel error on connection <0.4656.5484>",
                "2019-06-21 12:50:32.727 ERROR 17088 --- [127.0.0.1:5672] o.s.a.r.c.CachingConnectionFactory : Channel shutdown",
                "2023-03-06T08:26:00.123Z [main] WARN o.s.amqp - retrying",
                "16:09:53.610 WARN  o.s.a.r.l.SimpleMessageListenerContainer - Consumer raised exception",
                "\tat com.rabbitmq.client.impl.ChannelN.close(ChannelN.java:1) 2019-06-21 11:50:32.727",
                ""));
        assertThat(TimeFormat.LOG_TEXT.shift(TextNode.valueOf("no header here\n"), 3600)).isNull();
    }
}
