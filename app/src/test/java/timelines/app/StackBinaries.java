package timelines.app;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds Prometheus' and Alertmanager's programs for the tests that run them: an environment
 * variable naming the file, else the PATH, else {@code /usr/bin} (where Debian's
 * {@code prometheus} and {@code prometheus-alertmanager} packages put them; Debian names the
 * Alertmanager binary {@code prometheus-alertmanager}). {@code .ci/run} installs the packages.
 */
final class StackBinaries {
    private StackBinaries() {}

    static Optional<Path> prometheus() {
        return find("TIMELINES_PROMETHEUS_BIN", "prometheus");
    }

    static Optional<Path> alertmanager() {
        return find("TIMELINES_ALERTMANAGER_BIN", "alertmanager", "prometheus-alertmanager");
    }

    static Optional<Path> promtool() {
        return find("TIMELINES_PROMTOOL_BIN", "promtool");
    }

    static Optional<Path> amtool() {
        return find("TIMELINES_AMTOOL_BIN", "amtool");
    }

    /** Why a test skips: which program is missing and how to give it. */
    static String missing(String what, String envVar) {
        return what + " not found (set " + envVar + ", put it on the PATH, or apt-get install prometheus "
                + "prometheus-alertmanager as .ci/run does)";
    }

    static Optional<Path> find(String envVar, String... names) {
        String given = System.getenv(envVar);
        if (given != null && !given.isBlank()) {
            Path p = Path.of(given);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        List<Path> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String d : path.split(java.io.File.pathSeparator)) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/bin"));
        for (String name : names) {
            for (Path d : dirs) {
                Path p = d.resolve(name);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** A finished run of a tool: its exit code and its output, stdout and stderr together. */
    record Run(int exit, String output) {}

    /** Runs a short tool (promtool, amtool) to its end, {@code stdin} fed to it when not null. */
    static Run run(List<String> command, String stdin) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            try (var in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            p.getOutputStream().close();
        }
        String out;
        try (InputStream o = p.getInputStream()) {
            out = new String(o.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(command + " did not finish within 60 s");
        }
        return new Run(p.exitValue(), out);
    }
}
