package timelines.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Topics;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * A sender with a valid token that sends its headers and then a trickle of body (a slow loris)
 * holds no server thread while it trickles, and is answered 408 at the body deadline; everyone
 * else is served meanwhile. Reading bodies on a server thread, 300 such senders froze ingest.
 */
class IngestHttpSlowBodyTest {
    /** Few, so that a thread held per slow sender would run out long before the senders. */
    static final int SERVER_THREADS = 12;
    static final int SLOW_SENDERS = 3 * SERVER_THREADS;
    static final Duration DEADLINE = Duration.ofSeconds(2);
    static final String SIGNAL = "{\"type\":\"ERROR\",\"service\":\"api\",\"summary\":\"boom\"}";

    final MockProducer<String, byte[]> kafka =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final List<Socket> slow = new ArrayList<>();
    volatile boolean trickling = true;
    Thread trickle;
    Javalin server;

    void start() {
        DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers("prod"),
                new KafkaPublisher(kafka, Duration.ofSeconds(5)), meters);
        IngestHttp http = new IngestHttp(processor, Clock.systemUTC(), WebhookAuth.openToAll(), meters,
                new timelines.ingest.cloudwatch.SnsConfirmer(false), DEADLINE);
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.jetty.threadPool = new QueuedThreadPool(SERVER_THREADS, 2);
            http.register(config);
        }).start();
    }

    @AfterEach
    void stop() throws Exception {
        trickling = false;
        if (trickle != null) {
            trickle.join(5_000);
        }
        for (Socket s : slow) {
            s.close();
        }
        if (server != null) {
            server.stop();
        }
    }

    /** Headers announcing 1,000 bytes, then one byte. */
    Socket slowSender() throws IOException {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout((int) DEADLINE.plusSeconds(8).toMillis());
        OutputStream out = s.getOutputStream();
        out.write(("POST /v1/signals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** One more byte to every slow sender every 200 ms: never idle, never done. */
    void keepTrickling() {
        trickle = new Thread(() -> {
            while (trickling) {
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write(' ');
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        // answered and closed by the server: the point of the test
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "slow-loris");
        trickle.setDaemon(true);
        trickle.start();
    }

    static String statusLine(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\r'; c = in.read()) {
            line.append((char) c);
        }
        return line.toString();
    }

    @Test
    void slowSendersHoldNoThreadAndAreAnswered408AtTheDeadlineWhileOthersAreServed() throws Exception {
        start();
        for (int i = 0; i < SLOW_SENDERS; i++) {
            slow.add(slowSender());
        }
        keepTrickling();
        Thread.sleep(300);

        long started = System.nanoTime();
        HttpResponse<String> quick = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/signals"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SIGNAL))
                        .build(), HttpResponse.BodyHandlers.ofString()).get(DEADLINE.toMillis() / 2, TimeUnit.MILLISECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(quick.statusCode()).isEqualTo(202);
        assertThat(took).isLessThan(DEADLINE.dividedBy(2));

        for (Socket s : slow) {
            assertThat(statusLine(s)).isEqualTo("HTTP/1.1 408 Request Timeout");
        }
        assertThat(meters.find("timelines_ingest_rejected_total").tag("reason", "BODY_TIMEOUT").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum()).isEqualTo(SLOW_SENDERS);
        JsonSerde<RawDelivery> raw = JsonSerde.of(RawDelivery.class);
        assertThat(kafka.history().stream().filter(r -> r.topic().equals(Topics.SIGNALS_REJECTED))
                .map(r -> raw.deserialize(r.topic(), r.value())).toList()).hasSize(SLOW_SENDERS)
                .allSatisfy(d -> assertThat(d.reason()).startsWith("body not received within PT2S"));
    }

    @Test
    void aBodyThatArrivesInTimeIsTaken() throws Exception {
        start();
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            byte[] body = SIGNAL.getBytes(StandardCharsets.UTF_8);
            out.write(("POST /v1/signals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte b : body) {
                out.write(b);
                out.flush();
                Thread.sleep(10);
            }
            long sent = System.nanoTime();

            assertThat(statusLine(s)).isEqualTo("HTTP/1.1 202 Accepted");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).as("answered once complete, not at the deadline")
                    .isLessThan(DEADLINE.dividedBy(2));
        }
    }
}
