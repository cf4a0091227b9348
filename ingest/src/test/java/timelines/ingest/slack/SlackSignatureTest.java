package timelines.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.ingest.Fixtures;

/** Slack's own signing example (fixtures/slack/SOURCES.md): its secret, timestamp, body and signature. */
class SlackSignatureTest {
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TIMESTAMP = "1531420618";
    static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    static final byte[] BODY = Fixtures.text("slack-signing/example-body.txt").getBytes(StandardCharsets.UTF_8);
    static final Instant SENT = Instant.ofEpochSecond(1531420618);

    @Test
    void signingSlacksExampleGivesItsDocumentedSignature() {
        assertThat(SlackSignature.sign(SECRET, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    static Stream<Arguments> requests() {
        byte[] changed = BODY.clone();
        changed[changed.length - 1] = 'd';
        return Stream.of(
                Arguments.of("Slack's example, received at once", TIMESTAMP, SIGNATURE, BODY, SENT,
                        SlackSignature.Verdict.VALID),
                Arguments.of("received 5 minutes later (the edge)", TIMESTAMP, SIGNATURE, BODY, SENT.plusSeconds(300),
                        SlackSignature.Verdict.VALID),
                Arguments.of("a clock 5 minutes behind Slack's", TIMESTAMP, SIGNATURE, BODY, SENT.minusSeconds(300),
                        SlackSignature.Verdict.VALID),
                Arguments.of("played again 5 minutes and 1 second later", TIMESTAMP, SIGNATURE, BODY,
                        SENT.plusSeconds(301), SlackSignature.Verdict.STALE_TIMESTAMP),
                Arguments.of("a timestamp from the future", TIMESTAMP, SIGNATURE, BODY, SENT.minusSeconds(301),
                        SlackSignature.Verdict.STALE_TIMESTAMP),
                Arguments.of("one byte of the body changed", TIMESTAMP, SIGNATURE, changed, SENT,
                        SlackSignature.Verdict.BAD_SIGNATURE),
                Arguments.of("the timestamp moved (signed for another)", "1531420619", SIGNATURE, BODY, SENT,
                        SlackSignature.Verdict.BAD_SIGNATURE),
                Arguments.of("upper-case hex", TIMESTAMP, "v0=" + SIGNATURE.substring(3).toUpperCase(), BODY, SENT,
                        SlackSignature.Verdict.VALID),
                Arguments.of("the hex cut short", TIMESTAMP, SIGNATURE.substring(0, 40), BODY, SENT,
                        SlackSignature.Verdict.BAD_SIGNATURE),
                Arguments.of("no signature", TIMESTAMP, null, BODY, SENT, SlackSignature.Verdict.MISSING_SIGNATURE),
                Arguments.of("another version", TIMESTAMP, "v1=" + SIGNATURE.substring(3), BODY, SENT,
                        SlackSignature.Verdict.MISSING_SIGNATURE),
                Arguments.of("no timestamp", null, SIGNATURE, BODY, SENT, SlackSignature.Verdict.MISSING_TIMESTAMP),
                Arguments.of("a timestamp that is not seconds", "2018-07-12T18:36:58Z", SIGNATURE, BODY, SENT,
                        SlackSignature.Verdict.MISSING_TIMESTAMP));
    }

    @ParameterizedTest(name = "{0} -> {5}")
    @MethodSource("requests")
    void eachRequestIsJudged(String name, String timestamp, String signature, byte[] body, Instant now,
            SlackSignature.Verdict expected) {
        assertThat(SlackSignature.verify(SECRET, timestamp, signature, body, now)).isEqualTo(expected);
    }

    @Test
    void anotherSecretDoesNotVerify() {
        assertThat(SlackSignature.verify("another-secret", TIMESTAMP, SIGNATURE, BODY, SENT))
                .isEqualTo(SlackSignature.Verdict.BAD_SIGNATURE);
    }
}
