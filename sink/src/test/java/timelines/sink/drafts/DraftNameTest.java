package timelines.sink.drafts;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;

class DraftNameTest {
    static final Instant BEGIN = Instant.parse("2016-09-05T09:29:00Z");
    static final String ID = "d2f08a7ad0a4e10049276d5de4ea3dca";

    static Incident incident(String id, List<String> services) {
        return new Incident(id, 1, "prod", "t", IncidentStatus.OPEN, false, services, BEGIN, null, null, null, null,
                false, null, null, null, null, null, null, List.of(), List.of(), 0);
    }

    @Test
    void aNewDraftTakesTheShortNameWhenNoOtherFileHasIt() {
        DraftName name = DraftName.choose(incident(ID, List.of("deployer-api")), null, base -> false);

        assertThat(name).isEqualTo(new DraftName("2016-09-05-deployer-api-d2f08a7a", DraftName.Choice.SHORT_ID));
    }

    @Test
    void aNewDraftWhoseShortNameIsTakenCarriesTheFullId() {
        Set<String> taken = Set.of("2016-09-05-deployer-api-d2f08a7a");

        DraftName name = DraftName.choose(incident(ID, List.of("deployer-api")), null, taken::contains);

        assertThat(name).isEqualTo(new DraftName("2016-09-05-deployer-api-" + ID,
                DraftName.Choice.FULL_ID_SHORT_NAME_TAKEN));
    }

    @Test
    void aDraftKeepsItsNameWhateverTheIncidentBecame() {
        DraftName name = DraftName.choose(incident(ID, List.of("deployer-api", "keycloak")), "2016-09-05-deployer-api-d2f08a7a",
                base -> true);

        assertThat(name).isEqualTo(new DraftName("2016-09-05-deployer-api-d2f08a7a", DraftName.Choice.KEPT));
    }

    @Test
    void theSlugIsCutAndAnIdNeverWalksTheFileSystem() {
        String services = "a".repeat(30) + " " + "b".repeat(30);

        assertThat(DraftName.choose(incident(ID, List.of(services)), null, base -> false).base())
                .isEqualTo("2016-09-05-" + "a".repeat(30) + "-" + "b".repeat(9) + "-d2f08a7a");
        assertThat(DraftName.choose(incident(ID, List.of()), null, base -> false).base())
                .isEqualTo("2016-09-05-incident-d2f08a7a");
        assertThat(DraftName.choose(incident("../../etc/passwd", List.of("x")), null, base -> true).base())
                .isEqualTo("2016-09-05-x-" + "------etc-passwd").doesNotContain("/");
    }
}
