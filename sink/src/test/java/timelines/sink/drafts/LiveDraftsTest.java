package timelines.sink.drafts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;

class LiveDraftsTest {
    static final Instant BEGIN = Instant.parse("2016-09-05T09:29:00Z");

    @TempDir
    Path out;

    static Incident incident(long revision, List<String> services, String env) {
        return new Incident("d2f08a7ad0a4e10049276d5de4ea3dca", revision, env, "deployer-api (" + env + "): down",
                revision < 3 ? IncidentStatus.OPEN : IncidentStatus.RESOLVED, false, services, BEGIN,
                BEGIN.plusSeconds(4), null, null, revision < 3 ? null : BEGIN.plusSeconds(1860), false, 4L, null, null,
                revision < 3 ? null : 1860L, new Incident.DetectedBy("pingdom", "deployer-api", "down"), null,
                List.of(), List.of(), 0);
    }

    @Test
    void draftsGoUnderTheirEnvWithADatedSluggedName() {
        LiveDrafts drafts = new LiveDrafts(out);
        LiveDrafts.Result r = drafts.write(incident(1, List.of("deployer-api"), "prod"));

        assertThat(r.outcome()).isEqualTo(LiveDrafts.Outcome.WRITTEN);
        assertThat(out.relativize(r.markdown())).hasToString("prod/2016-09-05-deployer-api-d2f08a7a.md");
        assertThat(out.resolve("prod/2016-09-05-deployer-api-d2f08a7a.json")).exists();
        assertThat(out.resolve("index.md")).content().contains("deployer-api").contains("**prod**")
                .contains("(prod/2016-09-05-deployer-api-d2f08a7a.md)");
    }

    @Test
    void aDraftKeepsItsNameWhenTheIncidentGrowsAndIsRewrittenOnlyForANewRevision() throws Exception {
        LiveDrafts drafts = new LiveDrafts(out);
        Path first = drafts.write(incident(1, List.of("deployer-api"), "prod")).markdown();

        LiveDrafts.Result second = drafts.write(incident(2, List.of("deployer-api", "keycloak"), "prod"));
        assertThat(second.markdown()).isEqualTo(first);
        assertThat(Files.readString(first)).contains("keycloak");

        assertThat(drafts.write(incident(2, List.of("deployer-api", "keycloak"), "prod")).outcome())
                .isEqualTo(LiveDrafts.Outcome.UNCHANGED_REVISION);
        assertThat(drafts.write(incident(1, List.of("deployer-api"), "prod")).outcome())
                .isEqualTo(LiveDrafts.Outcome.UNCHANGED_REVISION);
    }

    @Test
    void aDraftAPersonEditedIsNeverOverwritten() throws Exception {
        LiveDrafts drafts = new LiveDrafts(out);
        Path md = drafts.write(incident(1, List.of("deployer-api"), "prod")).markdown();
        Files.writeString(md, Files.readString(md) + "\nRoot cause: the wrong AWS account.\n");

        LiveDrafts.Result r = drafts.write(incident(3, List.of("deployer-api"), "prod"));

        assertThat(r.outcome()).isEqualTo(LiveDrafts.Outcome.WRITTEN_BESIDE_EDITED_DRAFT);
        assertThat(r.markdown().getFileName()).hasToString("2016-09-05-deployer-api-d2f08a7a.rev3.md");
        assertThat(Files.readString(md)).contains("Root cause: the wrong AWS account.");
        assertThat(Files.readString(r.markdown())).contains("revision 3");
        assertThat(drafts.incidents()).singleElement().satisfies(i -> assertThat(i.revision()).isEqualTo(3));
    }

    @Test
    void aMergedIncidentsDraftIsRemovedUnlessEdited() throws Exception {
        LiveDrafts drafts = new LiveDrafts(out);
        Path md = drafts.write(incident(1, List.of("deployer-api"), "prod")).markdown();
        drafts.remove("d2f08a7ad0a4e10049276d5de4ea3dca");
        assertThat(md).doesNotExist();
        assertThat(drafts.incidents()).isEmpty();

        Path again = drafts.write(incident(2, List.of("deployer-api"), "prod")).markdown();
        Files.writeString(again, "edited");
        drafts.remove("d2f08a7ad0a4e10049276d5de4ea3dca");
        assertThat(again).hasContent("edited");
    }

    @Test
    void envNamesCannotWalkTheFileSystem() {
        LiveDrafts drafts = new LiveDrafts(out);
        Path md = drafts.write(incident(1, List.of("api"), "../../etc")).markdown();
        assertThat(md.normalize()).startsWith(out);
        try (Stream<Path> s = Stream.of(out.toFile().list()).map(out::resolve)) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("index.md").noneMatch(n -> n.startsWith("."));
        }
    }
}
