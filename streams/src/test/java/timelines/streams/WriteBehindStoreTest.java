package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store layer under the real task lifecycle ({@link TopologyTestDriver} runs a StreamTask and
 * commits after every input): objects are serialized once per key per commit, the changelog
 * holds the latest value of each key written, deletes reach it as tombstones, and reads see what
 * was put before the commit.
 */
class WriteBehindStoreTest {
    private static final String STORE = "wb";
    private static final String CHANGELOG = "wb-test-" + STORE + "-changelog";

    @TempDir
    Path stateDir;

    /** Input "key=cmd,cmd,...": cmd "put:V" puts V, "del" deletes, "get" forwards what the store holds. */
    static final class Commands implements Processor<String, String, String, String> {
        private KeyValueStore<String, String> store;
        private ProcessorContext<String, String> context;

        @Override
        public void init(ProcessorContext<String, String> context) {
            this.context = context;
            this.store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, String> in) {
            for (String cmd : in.value().split(",")) {
                if (cmd.startsWith("put:")) {
                    store.put(in.key(), cmd.substring(4));
                } else if (cmd.equals("del")) {
                    store.delete(in.key());
                } else if (cmd.equals("get")) {
                    context.forward(in.withValue(String.valueOf(store.get(in.key()))));
                } else if (cmd.equals("all")) {
                    StringBuilder seen = new StringBuilder();
                    try (KeyValueIterator<String, String> all = store.all()) {
                        all.forEachRemaining(kv -> seen.append(kv.key).append('=').append(kv.value).append(';'));
                    }
                    context.forward(in.withValue(seen.toString()));
                }
            }
        }
    }

    private final AtomicInteger serialized = new AtomicInteger();

    private TopologyTestDriver driver() {
        Serde<String> counting = Serdes.serdeFrom((topic, value) -> {
            serialized.incrementAndGet();
            return value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        }, Serdes.String().deserializer());
        return StringTopologies.driver("wb-test", stateDir, Commands::new,
                WriteBehindStore.over(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), counting));
    }

    private static List<KeyValue<String, String>> changelog(TopologyTestDriver driver) {
        return driver.createOutputTopic(CHANGELOG, new StringDeserializer(), new StringDeserializer())
                .readRecordsToList().stream().map(r -> KeyValue.pair(r.key(), r.value())).toList();
    }

    private static List<String> out(TopologyTestDriver driver) {
        return driver.createOutputTopic("out", new StringDeserializer(), new StringDeserializer())
                .readRecordsToList().stream().map(TestRecord::value).toList();
    }

    @Test
    void shouldSerializeOnlyTheLastValueOfAKeyPerCommit() {
        try (TopologyTestDriver driver = driver()) {
            var in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "put:1,put:2,put:3,get");

            assertThat(out(driver)).containsExactly("3");
            assertThat(serialized.get()).isEqualTo(1);
            assertThat(changelog(driver)).containsExactly(KeyValue.pair("a", "3"));
        }
    }

    @Test
    void shouldWriteEveryKeyTouchedInTheOrderFirstPut() {
        try (TopologyTestDriver driver = driver()) {
            var in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("b", "put:1");
            in.pipeInput("a", "put:x");
            in.pipeInput("b", "put:2");

            assertThat(changelog(driver)).containsExactly(KeyValue.pair("b", "1"), KeyValue.pair("a", "x"),
                    KeyValue.pair("b", "2"));
        }
    }

    @Test
    void shouldSendADeleteAsATombstoneAndReadItAsAbsentBeforeTheCommit() {
        try (TopologyTestDriver driver = driver()) {
            var in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "put:1");
            in.pipeInput("a", "put:2,del,get");
            in.pipeInput("a", "get");

            assertThat(out(driver)).containsExactly("null", "null");
            assertThat(changelog(driver)).containsExactly(KeyValue.pair("a", "1"), KeyValue.pair("a", null));
        }
    }

    @Test
    void shouldReadWhatWasCommittedFromTheStoreBelow() {
        try (TopologyTestDriver driver = driver()) {
            var in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "put:1");
            in.pipeInput("b", "put:2");
            in.pipeInput("a", "get");

            assertThat(out(driver)).containsExactly("1");
            KeyValueStore<String, String> store = driver.getKeyValueStore(STORE);
            assertThat(store.get("b")).isEqualTo("2");
        }
    }

    @Test
    void shouldScanWhatWasPutBeforeTheCommit() {
        try (TopologyTestDriver driver = driver()) {
            var in = driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            in.pipeInput("a", "put:1");
            in.pipeInput("b", "put:2,all");
            in.pipeInput("a", "del,all");

            assertThat(out(driver)).containsExactly("a=1;b=2;", "b=2;");
        }
    }

    @Test
    void shouldWriteDownEarlyWhenTooManyKeysArePending() {
        WriteBehindStore<String, String> store = (WriteBehindStore<String, String>) WriteBehindStore
                .over(Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.String())
                .withLoggingDisabled().build();
        var context = new org.apache.kafka.streams.processor.api.MockProcessorContext<String, String>();
        store.init(context.getStateStoreContext(), store);
        for (int i = 0; i < WriteBehindStore.MAX_PENDING; i++) {
            store.put("k" + i, "v" + i);
        }
        assertThat(store.pendingKeys()).isEqualTo(WriteBehindStore.MAX_PENDING);
        assertThat(store.wrapped().approximateNumEntries()).isZero();

        store.put("one-more", "v");

        assertThat(store.pendingKeys()).isZero();
        assertThat(store.wrapped().approximateNumEntries()).isEqualTo(WriteBehindStore.MAX_PENDING + 1);
        assertThat(store.wrapped().get("k7")).isEqualTo("v7");
        store.close();
    }
}
