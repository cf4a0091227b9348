package timelines.app.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A {@code timelines} subcommand in a JVM of its own, its output appended to one log file, so
 * that it can be killed ({@code kill -9}: {@link Process#destroyForcibly}) and started again.
 */
final class JavaChild {
    private final List<String> command;
    private final Path dir;
    private final Path log;
    private final Map<String, String> env;
    private Process process;

    /**
     * @param classpath the jar or class path that holds {@code timelines.app.cli.Main}
     * @param heap      -Xmx of the child, small: six JVMs share two cores
     */
    JavaChild(String classpath, String heap, List<String> args, Path dir, String name, Map<String, String> env) {
        List<String> c = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC", "-cp", classpath, "timelines.app.cli.Main"));
        c.addAll(args);
        this.command = List.copyOf(c);
        this.dir = dir;
        this.log = dir.resolve(name + ".log");
        this.env = Map.copyOf(env);
    }

    synchronized JavaChild start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("already running: " + log.getFileName());
        }
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // Only what the caller gives: nothing of this process's own settings may override the child's config.
        pb.environment().keySet().removeIf(k -> k.startsWith("TIMELINES_") || k.startsWith("KAFKA_"));
        pb.environment().putAll(env);
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
        return this;
    }

    /** SIGKILL: no shutdown hook, no flush, no goodbye to the consumer group. */
    synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** SIGTERM, then SIGKILL if it has not stopped in {@code seconds}. */
    synchronized void stop(int seconds) throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    Path log() {
        return log;
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** The last {@code lines} lines of the output, for a failure message. */
    String tail(int lines) {
        List<String> all = output().lines().toList();
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
