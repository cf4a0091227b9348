package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Starts a component of the packaged jar ({@code timelines <kind> --config F}) as its own process. */
final class Components {
    private Components() {}

    /** A started process and the file its output goes to. */
    record Started(Process process, Path log) {
        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Path jar() {
        Path jar = Path.of("target", "timelines.jar").toAbsolutePath();
        assertThat(jar).as("the packaged jar (failsafe runs after package)").isRegularFile();
        return jar;
    }

    /**
     * {@code name} names the log ({@code <dir>/<name>.log}); {@code env} is all of the
     * environment the process gets of this project's own variables.
     */
    static Started start(Path dir, String kind, Path config, String name, Map<String, String> env)
            throws IOException {
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Beside the test's JVM on two cores: small heaps, quick start.
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-jar", jar().toString(), kind, "--config", config.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // Only the config file and what the caller gives: nothing of the test's own environment may override them.
        pb.environment().keySet().removeIf(k -> k.startsWith("TIMELINES_") || k.startsWith("KAFKA_"));
        pb.environment().putAll(env);
        return new Started(pb.start(), log);
    }

    static Started start(Path dir, String kind, Path config, String name) throws IOException {
        return start(dir, kind, config, name, Map.of());
    }
}
