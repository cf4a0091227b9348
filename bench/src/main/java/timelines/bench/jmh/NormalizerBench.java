package timelines.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.ingest.alertmanager.AlertmanagerNormalizer;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.generic.GenericSignalNormalizer;

/**
 * Ingest's per-delivery work before Kafka: parse the body, normalize it (ids are SHA-256 over the
 * signal's identity). One generic signal, an array of 100, and an Alertmanager group of one alert
 * (the vendor's published example).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class NormalizerBench {
    static final String SIGNAL = """
            {"type":"ERROR","source":"sentry","env":"prod","service":"svc-0042","observedAt":"2024-03-04T10:00:05.123Z",
             "alerting":false,"severity":"error","summary":"svc-0042: java.net.SocketTimeoutException: Read timed out",
             "link":"https://sentry.example.org/organizations/acme/issues/1302/",
             "labels":{"team":"team-4","region":"eu-west-1"}}""";
    static final String ALERTMANAGER = """
            {"receiver":"sms","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"ProbeFailure",
             "instance":"https://server.example.org","job":"http_checks","monitor":"master","severity":"critical"},
             "annotations":{"description":"Instance https://server.example.org has been down for over 5m. Job: http_checks",
             "summary":"BlackBox Probe Failure: https://server.example.org"},"startsAt":"2023-02-06T13:08:45.828Z",
             "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.example.org:9090/graph?g0.expr=probe_success",
             "fingerprint":"1a30ba71cca2921f"}],"groupLabels":{"alertname":"ProbeFailure"},
             "commonLabels":{"alertname":"ProbeFailure"},"commonAnnotations":{},
             "externalURL":"http://prometheus.example.org:9093","version":"4",
             "groupKey":"{}/{severity=\\"critical\\"}:{alertname=\\"ProbeFailure\\"}","truncatedAlerts":0}""";
    static final Instant RECEIVED = Instant.parse("2024-03-04T10:00:07Z");

    GenericSignalNormalizer generic;
    AlertmanagerNormalizer alertmanager;
    byte[] single;
    byte[] array;
    byte[] group;
    RawDelivery parsedSingle;

    @Setup
    public void setUp() throws Exception {
        generic = new GenericSignalNormalizer("prod");
        alertmanager = new AlertmanagerNormalizer("prod");
        single = SIGNAL.getBytes(StandardCharsets.UTF_8);
        array = ("[" + String.join(",", java.util.Collections.nCopies(100, SIGNAL)) + "]")
                .getBytes(StandardCharsets.UTF_8);
        group = ALERTMANAGER.getBytes(StandardCharsets.UTF_8);
        parsedSingle = delivery("signals", single);
        if (alertmanager.normalize(delivery("alertmanager", group)).signals().size() != 1) {
            throw new IllegalStateException("the Alertmanager example should give one signal");
        }
    }

    static RawDelivery delivery(String source, byte[] body) throws Exception {
        JsonNode json = Json.mapper().readTree(body);
        return new RawDelivery(RECEIVED, source, Map.of("content-type", "application/json"), json, null);
    }

    /** Normalizing an already parsed signal: the normalizer alone. */
    @Benchmark
    public Normalization genericSignalParsed() {
        return generic.normalize(parsedSingle);
    }

    /** Body bytes to signal, as ingest does for one delivery. */
    @Benchmark
    public Normalization genericSignal() throws Exception {
        return generic.normalize(delivery("signals", single));
    }

    /** Body bytes to 100 signals. */
    @Benchmark
    public Normalization genericArrayOf100() throws Exception {
        return generic.normalize(delivery("signals", array));
    }

    @Benchmark
    public Normalization alertmanagerGroup() throws Exception {
        return alertmanager.normalize(delivery("alertmanager", group));
    }
}
