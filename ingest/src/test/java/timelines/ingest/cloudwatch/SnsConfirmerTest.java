package timelines.ingest.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;

class SnsConfirmerTest {
    static RawDelivery confirmation(String url) throws Exception {
        String body = """
                {"Type":"SubscriptionConfirmation","MessageId":"165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
                 "Token":"2336412f37f","TopicArn":"arn:aws:sns:us-west-2:123456789012:MyTopic",
                 "Message":"You have chosen to subscribe to the topic","SubscribeURL":"%s",
                 "Timestamp":"2012-04-26T20:45:04.751Z"}""".formatted(url);
        return new RawDelivery(Instant.parse("2012-04-26T20:45:05Z"), "cloudwatch", Map.of(), TextNode.valueOf(body),
                null);
    }

    @Test
    void onlySnsHttpsEndpointsAreTrustedByDefault() {
        assertThat(SnsConfirmer.SNS_HOST.matcher("sns.us-west-2.amazonaws.com").matches()).isTrue();
        assertThat(SnsConfirmer.SNS_HOST.matcher("sns.cn-north-1.amazonaws.com.cn").matches()).isTrue();
        assertThat(SnsConfirmer.SNS_HOST.matcher("sns.us-west-2.amazonaws.com.evil.example").matches()).isFalse();
        assertThat(SnsConfirmer.SNS_HOST.matcher("169.254.169.254").matches()).isFalse();
    }

    @Test
    void withoutAutoConfirmTheRequestIsOnlyLogged() throws Exception {
        assertThat(new SnsConfirmer(false).onDelivery(confirmation("https://sns.us-west-2.amazonaws.com/?x")))
                .isEqualTo(SnsConfirmer.Result.LOGGED_ONLY);
    }

    @Test
    void aForgedUrlIsNotFetched() throws Exception {
        assertThat(new SnsConfirmer(true).onDelivery(confirmation("http://169.254.169.254/latest/meta-data")))
                .isEqualTo(SnsConfirmer.Result.REFUSED_URL);
    }

    @Test
    void aTrustedUrlIsFetchedOnce() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        AtomicInteger hits = new AtomicInteger();
        server.createContext("/", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/?Action=ConfirmSubscription";
            SnsConfirmer confirmer = new SnsConfirmer(true, HttpClient.newHttpClient(), u -> true);
            assertThat(confirmer.onDelivery(confirmation(url))).isEqualTo(SnsConfirmer.Result.CONFIRMED);
            assertThat(hits.get()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aNotificationIsNotAConfirmation() throws Exception {
        RawDelivery n = new RawDelivery(Instant.EPOCH, "cloudwatch", Map.of(),
                Json.mapper().readTree("{\"Type\":\"Notification\"}"), null);
        assertThat(new SnsConfirmer(true).onDelivery(n)).isEqualTo(SnsConfirmer.Result.NOT_A_CONFIRMATION);
        assertThat(URI.create("https://a").getScheme()).isEqualTo("https");
    }
}
