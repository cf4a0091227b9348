package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox under the real task lifecycle ({@link TopologyTestDriver} commits after every
 * input): what one input sends leaves at its commit, the last record of each key only, in the
 * order of those last sends, with the timestamp it was sent with; what the processor sends from
 * its before-flush hook leaves in the same flush.
 */
class CommitOutboxTest {
    private static final String OUTBOX = "outbox";

    @TempDir
    Path stateDir;

    /**
     * Input value "k=v,k=v,...": sends v for key k through the outbox ("-" a tombstone), "now:x"
     * at once; before each flush, sends "inputs" with how many inputs came since the last.
     */
    static final class Sender implements Processor<String, String, String, String> {
        private CommitOutbox<String, String> outbox;
        private ProcessorContext<String, String> context;
        private int inputs;
        private long lastTimestamp;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.outbox = context.getStateStore(OUTBOX);
            outbox.bind(context, () -> {
                outbox.send(new Record<>("inputs", String.valueOf(inputs), lastTimestamp), "out");
                inputs = 0;
            });
        }

        @Override
        public void process(Record<String, String> in) {
            inputs++;
            lastTimestamp = in.timestamp();
            for (String part : in.value().split(",")) {
                String[] kv = part.split("=");
                if (part.startsWith("now:")) {
                    context.forward(in.withKey("now").withValue(part.substring(4)), "out");
                } else {
                    outbox.send(in.withKey(kv[0]).withValue(kv[1].equals("-") ? null : kv[1])
                            .withTimestamp(in.timestamp() + kv[1].length()), "out");
                }
            }
        }
    }

    private TopologyTestDriver driver() {
        return StringTopologies.driver("outbox-test", stateDir, Sender::new, CommitOutbox.builder(OUTBOX));
    }

    private static List<TestRecord<String, String>> out(TopologyTestDriver driver) {
        return driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer()).readRecordsToList();
    }

    @Test
    void shouldSendTheLastRecordOfEachKeyAtTheCommitInTheOrderOfTheirLastSend() {
        try (TopologyTestDriver driver = driver()) {
            var in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("x", "a=1,b=1,now:first,a=22,c=1,b=333", 1_000L);

            List<TestRecord<String, String>> out = out(driver);
            assertThat(out).extracting(r -> KeyValue.pair(r.key(), r.value())).containsExactly(
                    KeyValue.pair("now", "first"), KeyValue.pair("a", "22"), KeyValue.pair("c", "1"),
                    KeyValue.pair("b", "333"), KeyValue.pair("inputs", "1"));
            assertThat(out).extracting(TestRecord::timestamp).containsExactly(1_000L, 1_002L, 1_001L, 1_003L, 1_000L);
        }
    }

    @Test
    void shouldLetATombstoneReplaceWhatWasPendingAndSendNothingOnceCommitted() {
        try (TopologyTestDriver driver = driver()) {
            var in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("x", "a=1", 1_000L);
            in.pipeInput("x", "a=2,a=-", 2_000L);
            in.pipeInput("x", "now:nothing-else", 3_000L);

            assertThat(out(driver)).extracting(r -> KeyValue.pair(r.key(), r.value()))
                    .filteredOn(kv -> !kv.key.equals("inputs"))
                    .containsExactly(KeyValue.pair("a", "1"), KeyValue.pair("a", null),
                            KeyValue.pair("now", "nothing-else"));
        }
    }
}
