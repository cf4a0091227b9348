package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * The fence around the two classes that extend Kafka Streams internals. They rely on when Kafka
 * Streams calls a store's {@code flushCache} and {@code commit} within a task's commit; an upgrade
 * can move those calls without a compile error, and then state or revisions are lost. So: a new
 * Kafka version fails here until someone re-reads {@link WriteBehindStore} and {@link CommitOutbox}
 * against it, and no other class may reach into the internals.
 */
class KafkaInternalsFenceTest {
    /** The version both classes were last checked against. */
    private static final String CHECKED_AGAINST = "4.3.1";

    @Test
    void shouldFailOnAnotherKafkaVersionUntilTheInternalsAreReread() {
        assertThat(AppInfoParser.getVersion())
                .as("re-read WriteBehindStore and CommitOutbox against this Kafka's StreamTask.prepareCommit and "
                        + "ProcessorStateManager.flushCache/commit, then update CHECKED_AGAINST")
                .isEqualTo(CHECKED_AGAINST);
    }

    @Test
    void shouldKeepKafkaStreamsInternalsInTheFencedClassesOnly() throws IOException {
        Path main = Path.of("src/main/java");
        List<String> users;
        try (Stream<Path> files = Files.walk(main)) {
            users = files.filter(p -> p.toString().endsWith(".java")).filter(p -> {
                try {
                    return Files.readString(p).contains("import org.apache.kafka.streams.processor.internals")
                            || Files.readString(p).contains("import org.apache.kafka.streams.state.internals");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(users).containsExactly("CommitOutbox.java", "WriteBehindStore.java");
    }
}
