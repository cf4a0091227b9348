package timelines.sink.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import timelines.contracts.Incident;

/**
 * The pages as a real browser builds them: headless Chromium loads them from a local HTTP server,
 * and we check the DOM it built and keep a screenshot as a test artifact
 * ({@code sink/target/screenshots/timeline.png}). Skipped when Chromium is not installed.
 */
class TimelinePageBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static HttpServer server;
    private static Incident outage;

    @BeforeAll
    static void serve() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM),
                "Chromium not installed at /usr/bin/chromium (apt-get install chromium): skipping the browser test");
        outage = Outages.replayed("keycloak-outage");
        String index = IndexPage.render(List.of(outage, Outages.replayed("amqp-vhost"), Outages.replayed("deployer-deleted")));
        String timeline = TimelinePage.render(outage, null);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/")) {
                respond(exchange, 200, index);
            } else if (path.equals(Html.incidentPath(outage.id()))) {
                respond(exchange, 200, timeline);
            } else {
                respond(exchange, 404, "not found");
            }
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Runs Chromium once with a fresh profile; returns what it printed. */
    private static String chromium(Path work, String... args) throws Exception {
        Path profile = Files.createTempDirectory(work, "profile");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile));
        command.addAll(List.of(args));
        Path stdout = work.resolve("stdout-" + System.nanoTime());
        Path stderr = work.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("Chromium did not finish within " + TIMEOUT + ": " + Files.readString(stderr));
        }
        assertThat(p.exitValue()).as("Chromium's exit code; stderr: " + Files.readString(stderr)).isZero();
        return Files.readString(stdout);
    }

    @Test
    void shouldShowLanesMarkersAndTheDraftInARealBrowserAndKeepAScreenshot() throws Exception {
        long started = System.nanoTime();
        Path work = Files.createTempDirectory("timelines-chromium");
        try {
            String dom = chromium(work, "--dump-dom", url(Html.incidentPath(outage.id())));

            assertThat(dom).contains("<title>[prod] esr-integration, generic-upload (prod)");
            assertThat(all(dom, "<g class=\"lane\" data-lane=\"([^\"]*)\"")).containsExactly(
                    "esr-integration · esr-inbound-consumer", "generic-upload · bulk-upload-smoke", "generic-upload");
            assertThat(all(dom, "<line class=\"marker\" data-marker=\"([^\"]*)\"")).containsExactly(
                    "BEGIN", "UNRECORDED_ALERT", "DETECT", "RECORDED", "END");
            assertThat(all(dom, "<rect class=\"span\" data-kind=\"([^\"]*)\"")).containsExactly("failing", "failing");
            assertThat(all(dom, "<line class=\"change\" data-at=\"([^\"]*)\"")).containsExactly("2021-07-21T11:16:00Z");
            assertThat(dom).contains("<h3>Timeline (prod, all times UTC)</h3>").doesNotContain("<script");

            String index = chromium(work, "--dump-dom", url("/"));
            assertThat(all(index, "<a class=\"title\" href=\"([^\"]*)\"")).containsExactly(
                    "/incidents/8a25e6b31b3b35ad38a3f0a79ebc50e8", "/incidents/9102cca9dc16a912e6ea5b8c0e6b6e19",
                    "/incidents/d2f08a7ad0a4e10049276d5de4ea3dca");

            Path screenshots = Path.of(System.getProperty("basedir", ".")).resolve("target/screenshots");
            Files.createDirectories(screenshots);
            Path png = screenshots.resolve("timeline.png");
            Files.deleteIfExists(png);
            chromium(work, "--screenshot=" + png.toAbsolutePath(), "--window-size=1400,1000", url(Html.incidentPath(outage.id())));

            assertThat(png).exists();
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as("a PNG Java can read").isNotNull();
            assertThat(image.getWidth()).isEqualTo(1400);
            assertThat(image.getHeight()).isEqualTo(1000);
            assertThat(colours(image)).as("distinct colours: a drawn page, not a blank one").isGreaterThan(50);
        } finally {
            System.out.printf("browser test took %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static List<String> all(String html, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(html);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static long colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
