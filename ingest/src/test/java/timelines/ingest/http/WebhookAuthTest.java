package timelines.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookAuthTest {
    static final byte[] BODY = "{\"action\":\"created\"}".getBytes(StandardCharsets.UTF_8);
    final WebhookAuth auth = new WebhookAuth("shared", Map.of("pingdom", "pingdom-only"),
            Map.of("sentry", "sentry-secret", "pagerduty", "pd-secret"), false);

    @Test
    void aBearerTokenOrAQueryTokenIsAccepted() {
        assertThat(auth.checkToken("sentry", "Bearer shared", null)).isNull();
        assertThat(auth.checkToken("sentry", "bearer shared", null)).isNull();
        assertThat(auth.checkToken("sentry", null, "shared")).isNull();
    }

    @Test
    void aMissingOrWrongTokenIsRefusedWithItsReason() {
        assertThat(auth.checkToken("sentry", null, null)).isEqualTo(WebhookAuth.Refusal.MISSING_TOKEN);
        assertThat(auth.checkToken("sentry", "Basic c2hhcmVk", null)).isEqualTo(WebhookAuth.Refusal.MISSING_TOKEN);
        assertThat(auth.checkToken("sentry", "Bearer nope", null)).isEqualTo(WebhookAuth.Refusal.WRONG_TOKEN);
    }

    @Test
    void aSourceWithItsOwnTokenDoesNotTakeTheSharedOne() {
        assertThat(auth.checkToken("pingdom", "Bearer pingdom-only", null)).isNull();
        assertThat(auth.checkToken("pingdom", "Bearer shared", null)).isEqualTo(WebhookAuth.Refusal.WRONG_TOKEN);
    }

    @Test
    void anOpenServerTakesEverything() {
        assertThat(WebhookAuth.openToAll().checkToken("sentry", null, null)).isNull();
    }

    @Test
    void aServerWithNoTokenConfiguredRefusesEveryToken() {
        WebhookAuth none = new WebhookAuth(null, Map.of(), Map.of(), false);
        assertThat(none.hasTokens()).isFalse();
        assertThat(none.checkToken("sentry", "Bearer anything", null)).isEqualTo(WebhookAuth.Refusal.WRONG_TOKEN);
    }

    @Test
    void sentrySignatureIsTheHexHmacOfTheBody() {
        String good = WebhookAuth.hmacSha256Hex("sentry-secret", BODY);
        assertThat(auth.checkSignature("sentry", Map.of("sentry-hook-signature", good), BODY)).isNull();
        assertThat(auth.checkSignature("sentry", Map.of("sentry-hook-signature", good.replace('a', 'b')), BODY))
                .isEqualTo(WebhookAuth.Refusal.BAD_SIGNATURE);
        assertThat(auth.checkSignature("sentry", Map.of(), BODY)).isEqualTo(WebhookAuth.Refusal.MISSING_SIGNATURE);
    }

    @Test
    void pagerDutySignatureMayListSeveralV1ValuesWhileASecretRotates() {
        String good = WebhookAuth.hmacSha256Hex("pd-secret", BODY);
        String old = WebhookAuth.hmacSha256Hex("old-secret", BODY);
        assertThat(auth.checkSignature("pagerduty", Map.of("x-pagerduty-signature", "v1=" + old + ",v1=" + good), BODY))
                .isNull();
        assertThat(auth.checkSignature("pagerduty", Map.of("x-pagerduty-signature", "v1=" + old), BODY))
                .isEqualTo(WebhookAuth.Refusal.BAD_SIGNATURE);
        assertThat(auth.checkSignature("pagerduty", Map.of("x-pagerduty-signature", good), BODY))
                .as("without the v1= scheme").isEqualTo(WebhookAuth.Refusal.BAD_SIGNATURE);
    }

    /**
     * GitHub's own test vector (docs.github.com, "Validating webhook deliveries": secret "It's a Secret to
     * Everybody", payload "Hello, World!").
     */
    @Test
    void gitHubSignatureIsSha256HexOfTheBodyAsGitHubDocumentsIt() {
        WebhookAuth github = new WebhookAuth("shared", Map.of(), Map.of("github", "It's a Secret to Everybody"), false);
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String published = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        assertThat(github.checkSignature("github", Map.of("x-hub-signature-256", published), body)).isNull();
        assertThat(github.checkSignature("github", Map.of("x-hub-signature-256", published), BODY))
                .isEqualTo(WebhookAuth.Refusal.BAD_SIGNATURE);
        assertThat(github.checkSignature("github", Map.of("x-hub-signature-256", published.substring(7)), body))
                .as("without the sha256= scheme").isEqualTo(WebhookAuth.Refusal.BAD_SIGNATURE);
        assertThat(github.checkSignature("github", Map.of(), body)).isEqualTo(WebhookAuth.Refusal.MISSING_SIGNATURE);
    }

    @Test
    void gitLabsSecretTokenHeaderIsTheTokenWhenThereIsNoBearer() {
        assertThat(WebhookAuth.vendorTokenHeader("gitlab")).isEqualTo("X-Gitlab-Token");
        assertThat(WebhookAuth.vendorTokenHeader("github")).isNull();
        assertThat(auth.checkToken("gitlab", null, null, "shared")).isNull();
        assertThat(auth.checkToken("gitlab", null, null, "nope")).isEqualTo(WebhookAuth.Refusal.WRONG_TOKEN);
        assertThat(auth.checkToken("gitlab", null, null, null)).isEqualTo(WebhookAuth.Refusal.MISSING_TOKEN);
        assertThat(auth.checkToken("gitlab", "Bearer nope", null, "shared")).as("a bearer, when given, decides")
                .isEqualTo(WebhookAuth.Refusal.WRONG_TOKEN);
    }

    @Test
    void slackSignsTheTimestampAndTheBodyAndEachFailureHasItsRefusal() {
        WebhookAuth slack = WebhookAuth.sharedToken("t").withSigningSecret("slack", "8f742231b10e8888abcd99yyyzzz85a5");
        java.time.Instant now = java.time.Instant.ofEpochSecond(1531420618);
        String good = timelines.ingest.slack.SlackSignature.sign("8f742231b10e8888abcd99yyyzzz85a5", "1531420618", BODY);

        assertThat(slack.checkSignature("slack", Map.of("x-slack-request-timestamp", "1531420618",
                "x-slack-signature", good), BODY, now)).isNull();
        assertThat(slack.checkSignature("slack", Map.of("x-slack-request-timestamp", "1531420618",
                "x-slack-signature", good), BODY, now.plusSeconds(301))).isEqualTo(WebhookAuth.Refusal.STALE_SIGNATURE);
        assertThat(slack.checkSignature("slack", Map.of("x-slack-request-timestamp", "1531420618",
                "x-slack-signature", good.replace('a', 'b')), BODY, now)).isEqualTo(WebhookAuth.Refusal.BAD_SIGNATURE);
        assertThat(slack.checkSignature("slack", Map.of("x-slack-signature", good), BODY, now))
                .as("no timestamp: not signed as Slack signs").isEqualTo(WebhookAuth.Refusal.MISSING_SIGNATURE);
        assertThat(slack.checkSignature("slack", Map.of(), BODY, now)).isEqualTo(WebhookAuth.Refusal.MISSING_SIGNATURE);
        assertThat(slack.checksSignature("slack")).isTrue();
        assertThat(WebhookAuth.sharedToken("t").withSigningSecret("slack", " ").checksSignature("slack"))
                .as("a blank secret is no secret").isFalse();
    }

    @Test
    void eachSourceSaysWhichTokenItTakes() {
        WebhookAuth mixed = new WebhookAuth("t", Map.of("sentry", "s"), Map.of(), false);

        assertThat(mixed.tokenFor("sentry")).isEqualTo("per source");
        assertThat(mixed.tokenFor("slack")).isEqualTo("shared");
        assertThat(new WebhookAuth(null, Map.of("sentry", "s"), Map.of(), false).tokenFor("slack"))
                .startsWith("none configured");
        assertThat(WebhookAuth.openToAll().tokenFor("slack")).startsWith("none needed");
    }

    @Test
    void aSourceWithoutASecretIsNotChecked() {
        assertThat(auth.checkSignature("pingdom", Map.of(), BODY)).isNull();
    }

    @Test
    void readsTokensAndSecretsFromTheEnvironment() {
        WebhookAuth fromEnv = WebhookAuth.fromEnvironment(Map.of(
                "TIMELINES_TOKEN", "t",
                "TIMELINES_TOKEN_UPTIME_KUMA", "k",
                "TIMELINES_SIGNING_SECRET_SENTRY", "s"), Set.of("uptime-kuma", "sentry", "pingdom"), false);
        assertThat(fromEnv.sharedToken()).isEqualTo("t");
        assertThat(fromEnv.tokens()).containsExactly(Map.entry("uptime-kuma", "k"));
        assertThat(fromEnv.signingSecrets()).containsExactly(Map.entry("sentry", "s"));
        assertThat(fromEnv.toString()).doesNotContain("=t,").doesNotContain("k]").contains("signed=[sentry]");
    }

    @Test
    void randomTokensDiffer() {
        assertThat(WebhookAuth.randomToken()).hasSizeGreaterThan(30).isNotEqualTo(WebhookAuth.randomToken());
    }
}
