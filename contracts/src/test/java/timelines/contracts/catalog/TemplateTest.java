package timelines.contracts.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
    private static final Map<String, String> SIGNAL = Map.of(
            "service", "kube-prometheus-stack-kube-state-metrics",
            "env", "prod",
            "labels.namespace", "shop",
            "labels.deployment", "checkout-api");

    @Test
    void aPlainValueRendersAsItself() {
        Template t = Template.parse("generic-upload");

        assertThat(t.isPlain()).isTrue();
        assertThat(t.render(SIGNAL::get)).isEqualTo("generic-upload");
    }

    @Test
    void referencesTakeTheSignalsValuesAmidText() {
        Template t = Template.parse("{labels.namespace}/{labels.deployment} ({env})");

        assertThat(t.isPlain()).isFalse();
        assertThat(t.render(SIGNAL::get)).isEqualTo("shop/checkout-api (prod)");
    }

    @Test
    void aReferenceWithoutAValueRendersNothing() {
        assertThat(Template.parse("{labels.container}").render(SIGNAL::get)).isNull();
        assertThat(Template.parse("app-{labels.deployment}-{labels.statefulset}").render(SIGNAL::get)).isNull();
        assertThat(Template.parse("{labels.namespace}").render(name -> " ")).as("blank is absent").isNull();
    }

    @Test
    void namesOnlyFieldsASignalHas() {
        for (String ok : new String[] {"{service}", "{env}", "{check}", "{source}", "{labels.a.b}", "{ labels.x }"}) {
            assertThat(Template.parse(ok).isPlain()).as(ok).isFalse();
        }
        assertThatThrownBy(() -> Template.parse("{summary}")).hasMessageContaining("{summary} names no field");
        assertThatThrownBy(() -> Template.parse("{labels.}")).hasMessageContaining("{labels.} names no field");
        assertThatThrownBy(() -> Template.parse("{}")).hasMessageContaining("{} names no field");
        assertThatThrownBy(() -> Template.parse("a{service")).hasMessageContaining("'{' at position 1 is not closed");
        assertThatThrownBy(() -> Template.parse("a}b")).hasMessageContaining("'}' at position 1 closes no '{'");
    }
}
