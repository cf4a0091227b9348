package timelines.sink.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;
import timelines.contracts.Json;
import timelines.contracts.SignalType;

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
        LiveDrafts drafts = LiveDrafts.open(out);
        LiveDrafts.Result r = drafts.write(incident(1, List.of("deployer-api"), "prod"));

        assertThat(r.outcome()).isEqualTo(LiveDrafts.Outcome.WRITTEN);
        assertThat(out.relativize(r.markdown())).hasToString("prod/2016-09-05-deployer-api-d2f08a7a.md");
        assertThat(out.resolve("prod/2016-09-05-deployer-api-d2f08a7a.json")).exists();
        assertThat(drafts.flushIndex()).isTrue();
        assertThat(out.resolve("index.md")).content().contains("deployer-api").contains("**prod**")
                .contains("(prod/2016-09-05-deployer-api-d2f08a7a.md)");
    }

    @Test
    void aDraftKeepsItsNameWhenTheIncidentGrowsAndIsRewrittenOnlyForANewRevision() throws Exception {
        LiveDrafts drafts = LiveDrafts.open(out);
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
        LiveDrafts drafts = LiveDrafts.open(out);
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
        LiveDrafts drafts = LiveDrafts.open(out);
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
        LiveDrafts drafts = LiveDrafts.open(out);
        Path md = drafts.write(incident(1, List.of("api"), "../../etc")).markdown();
        drafts.flushIndex();
        assertThat(md.normalize()).startsWith(out);
        try (Stream<Path> s = Stream.of(out.toFile().list()).map(out::resolve)) {
            assertThat(s.map(p -> p.getFileName().toString())).contains("index.md").noneMatch(n -> n.startsWith("."));
        }
    }

    static Incident numbered(int n, long revision) {
        String id = String.format("%08x", n) + "0000000000000000000000aa";
        return new Incident(id, revision, "prod", "svc-" + n + " (prod): down", IncidentStatus.OPEN, false,
                List.of("svc-" + (n % 50)), BEGIN.plusSeconds(60L * n), null, null, null, null, false, null, null, null,
                null, null, null, List.of(), List.of(Incidents.entry(BEGIN.plusSeconds(60L * n), null,
                        SignalType.ERROR, "sentry", "svc-" + (n % 50), "boom " + n)), 0);
    }

    /**
     * Issue 12, problem 3: at 2,500 incidents a batch of writes outlasted the poll interval because
     * every write re-read every draft to rebuild index.md, and every page view did the same. Now the
     * drafts are read from disk once, when opened, and never again by a write, an index or a list.
     */
    @Test
    void writesIndexesAndListsTwoThousandFiveHundredIncidentsWithoutReadingADraftBack() throws Exception {
        LiveDrafts drafts = LiveDrafts.open(out);
        for (int n = 0; n < 2_500; n++) {
            assertThat(drafts.write(numbered(n, 1)).outcome()).isEqualTo(LiveDrafts.Outcome.WRITTEN);
            if (n % 100 == 0) {
                drafts.flushIndex();
                assertThat(drafts.incidents()).hasSize(n + 1);
            }
        }
        drafts.write(numbered(7, 2));
        drafts.flushIndex();

        assertThat(drafts.draftsRead()).isZero();
        List<String> rows = Files.readAllLines(out.resolve("index.md")).stream().filter(l -> l.startsWith("| 2016"))
                .toList();
        assertThat(rows).hasSize(2_500);
        assertThat(rows.get(0)).contains("svc-" + (2_499 % 50)).contains("000009c3");
        assertThat(drafts.incidents()).hasSize(2_500).allSatisfy(i -> assertThat(i.entries()).isEmpty());

        LiveDrafts reopened = LiveDrafts.open(out);
        assertThat(reopened.draftsRead()).isEqualTo(2_500);
        assertThat(reopened.incidents()).extracting(Incident::id).isEqualTo(drafts.incidents().stream()
                .map(Incident::id).toList());
        assertThat(reopened.write(numbered(7, 2)).outcome()).isEqualTo(LiveDrafts.Outcome.UNCHANGED_REVISION);
        assertThat(reopened.find(numbered(7, 2).id())).hasValueSatisfying(i -> {
            assertThat(i.revision()).isEqualTo(2);
            assertThat(i.entries()).hasSize(1);
        });
        assertThat(reopened.draftsRead()).isEqualTo(2_501);
    }

    static Incident withId(String id, long revision, String title) {
        return new Incident(id, revision, "prod", title, IncidentStatus.OPEN, false, List.of("deployer-api"), BEGIN,
                null, null, null, null, false, null, null, null, null, null, null, List.of(), List.of(), 0);
    }

    /**
     * Issue 12, problem 5: drafts were found by the first 8 hex characters of the id, so of two
     * incidents sharing them, one's revision overwrote the other's file.
     */
    @Test
    void twoIncidentsWhoseIdsShareTheirFirstEightCharactersGetTwoFiles() throws Exception {
        LiveDrafts drafts = LiveDrafts.open(out);
        String first = "d2f08a7a00000000000000000000aaaa";
        String second = "d2f08a7a11111111111111111111bbbb";

        LiveDrafts.Result a = drafts.write(withId(first, 1, "first"));
        LiveDrafts.Result b = drafts.write(withId(second, 1, "second"));
        drafts.write(withId(first, 2, "first again"));

        assertThat(a.name().choice()).isEqualTo(DraftName.Choice.SHORT_ID);
        assertThat(b.name().choice()).isEqualTo(DraftName.Choice.FULL_ID_SHORT_NAME_TAKEN);
        assertThat(out.relativize(a.markdown())).hasToString("prod/2016-09-05-deployer-api-d2f08a7a.md");
        assertThat(out.relativize(b.markdown())).hasToString("prod/2016-09-05-deployer-api-" + second + ".md");
        assertThat(Files.readString(a.markdown())).contains("first again").doesNotContain("second");
        assertThat(Files.readString(b.markdown())).contains("second").doesNotContain("first");
        assertThat(json(out.resolve("prod/2016-09-05-deployer-api-d2f08a7a.json")).id()).isEqualTo(first);
        assertThat(json(out.resolve("prod/2016-09-05-deployer-api-" + second + ".json")).id()).isEqualTo(second);

        LiveDrafts reopened = LiveDrafts.open(out);
        reopened.write(withId(second, 2, "second again"));
        assertThat(Files.readString(b.markdown())).contains("second again");
        assertThat(Files.readString(a.markdown())).contains("first again");
    }

    /**
     * Drafts of an older version keep their names; where two incidents already shared one file,
     * the file stays with the incident its JSON names and the other gets its own.
     */
    @Test
    void aDraftOfAnOlderVersionKeepsItsNameAndAFileItSharedStaysWithTheIdItsJsonNames() throws Exception {
        String winner = "d2f08a7a11111111111111111111bbbb";
        String loser = "d2f08a7a00000000000000000000aaaa";
        Path prod = Files.createDirectories(out.resolve("prod"));
        Files.write(prod.resolve("2016-09-05-deployer-api-d2f08a7a.json"),
                DraftWriter.jsonBytes(withId(winner, 4, "winner")));
        Files.writeString(prod.resolve("2016-09-05-deployer-api-d2f08a7a.md"), DraftRenderer.render(withId(winner, 4,
                "winner")));
        Files.writeString(prod.resolve("2016-09-05-other-0a0b0c0d.json"), new String(DraftWriter.jsonBytes(
                withId("0a0b0c0d0e0f00010203040506070809", 1, "old name")), StandardCharsets.UTF_8));

        LiveDrafts drafts = LiveDrafts.open(out);
        LiveDrafts.Result lost = drafts.write(withId(loser, 5, "loser"));
        LiveDrafts.Result kept = drafts.write(withId("0a0b0c0d0e0f00010203040506070809", 2, "old name, revision 2"));

        assertThat(lost.markdown().getFileName()).hasToString("2016-09-05-deployer-api-" + loser + ".md");
        assertThat(json(prod.resolve("2016-09-05-deployer-api-d2f08a7a.json")).id()).isEqualTo(winner);
        assertThat(kept.name().choice()).isEqualTo(DraftName.Choice.KEPT);
        assertThat(json(prod.resolve("2016-09-05-other-0a0b0c0d.json")).revision()).isEqualTo(2);
    }

    @Test
    void aFileTheIndexDoesNotKnowIsNeverOverwritten() throws Exception {
        Path prod = Files.createDirectories(out.resolve("prod"));
        Files.writeString(prod.resolve("2016-09-05-deployer-api-d2f08a7a.md"), "notes a person keeps here");

        LiveDrafts.Result r = LiveDrafts.open(out).write(incident(1, List.of("deployer-api"), "prod"));

        assertThat(r.name().choice()).isEqualTo(DraftName.Choice.FULL_ID_SHORT_NAME_TAKEN);
        assertThat(prod.resolve("2016-09-05-deployer-api-d2f08a7a.md")).hasContent("notes a person keeps here");
    }

    @Test
    void aRevisionWhoseMarkerWasNotWrittenIsRewrittenInPlaceNotBesideAsIfEdited() throws Exception {
        LiveDrafts drafts = LiveDrafts.open(out);
        Path md = drafts.write(incident(1, List.of("deployer-api"), "prod")).markdown();
        // A crash after the Markdown of revision 2 was written, before its marker and JSON were.
        Files.writeString(md, DraftRenderer.render(incident(2, List.of("deployer-api"), "prod")));

        LiveDrafts.Result retried = LiveDrafts.open(out).write(incident(2, List.of("deployer-api"), "prod"));

        assertThat(retried.outcome()).isEqualTo(LiveDrafts.Outcome.WRITTEN);
        assertThat(retried.markdown()).isEqualTo(md);
    }

    @Test
    void refusesADraftsDirectoryItCannotWriteAndSaysWhy() throws Exception {
        Path file = Files.writeString(out.resolve("not-a-dir"), "x");

        assertThatThrownBy(() -> LiveDrafts.open(file.resolve("drafts")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot write drafts to " + file.resolve("drafts").toAbsolutePath() + ": ");
    }

    private static Incident json(Path p) throws IOException {
        return Json.mapper().readValue(p.toFile(), Incident.class);
    }
    static Incident warning(String id, long revision, java.time.Instant begin, String service) {
        return new Incident(id, revision, "prod", service + " in prod: CPUThrottlingHigh", IncidentStatus.RESOLVED, false,
                false, "info", List.of(service), begin, null, null, null, begin.plusSeconds(600), false, null, null,
                null, 600L, null, null, List.of(), List.of(), List.of(Incidents.entry(begin, null, SignalType.FAILING,
                        "alertmanager", service, "CPUThrottlingHigh")), 0);
    }

    @Test
    void aWarningIncidentGetsItsJsonAloneAndItsPostmortemOnceItBecomesAnOutage() throws Exception {
        LiveDrafts drafts = LiveDrafts.open(out);

        LiveDrafts.Result warned = drafts.write(Incidents.crashLoopWarning(1));

        assertThat(warned.outcome()).isEqualTo(LiveDrafts.Outcome.WRITTEN_JSON_ONLY_WARNING);
        Path prod = out.resolve("prod");
        assertThat(warned.markdown()).isEqualTo(prod.resolve("2016-09-05-deployer-api-3f2a9c0d.md")).doesNotExist();
        assertThat(prod.resolve("2016-09-05-deployer-api-3f2a9c0d.json")).exists();
        try (Stream<Path> files = Files.list(prod)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("2016-09-05-deployer-api-3f2a9c0d.json");
        }
        assertThat(drafts.markdownOf(Incidents.crashLoopWarning(1))).isEmpty();

        LiveDrafts.Result outage = drafts.write(Incidents.as(Incidents.deployer(), 2, true, "critical", List.of()));

        assertThat(outage.outcome()).isEqualTo(LiveDrafts.Outcome.WRITTEN);
        assertThat(outage.name().choice()).isEqualTo(DraftName.Choice.KEPT);
        assertThat(outage.markdown()).isEqualTo(warned.markdown());
        assertThat(Files.readString(outage.markdown())).contains("revision 2").contains("**OUTAGE BEGINS**");
        assertThat(drafts.incidents()).singleElement().satisfies(i -> assertThat(i.isOutage()).isTrue());

        LiveDrafts reopened = LiveDrafts.open(out);
        assertThat(reopened.write(Incidents.as(Incidents.deployer(), 2, true, "critical", List.of())).outcome())
                .isEqualTo(LiveDrafts.Outcome.UNCHANGED_REVISION);
    }

    @Test
    void theIndexListsOutagesFirstAndWarningIncidentsApartWithTheirCounts() throws Exception {
        LiveDrafts drafts = LiveDrafts.open(out);
        drafts.write(warning("aaaa0000000000000000000000000001", 1, BEGIN.plusSeconds(7200), "keycloak"));
        drafts.write(incident(3, List.of("deployer-api"), "prod"));
        drafts.write(warning("bbbb0000000000000000000000000002", 1, BEGIN.minusSeconds(7200), "esr-amqp"));
        drafts.flushIndex();

        String index = Files.readString(out.resolve("index.md"));

        assertThat(index).contains("1 outage, 2 warning incidents.");
        int outages = index.indexOf("## Outages (1)");
        int warnings = index.indexOf("## Warning incidents (2)");
        assertThat(outages).isPositive().isLessThan(warnings);
        String outageRows = index.substring(outages, warnings);
        assertThat(outageRows.lines().filter(l -> l.startsWith("| 2016"))).singleElement().asString()
                .contains("deployer-api").contains("(prod/2016-09-05-deployer-api-d2f08a7a.md)");
        List<String> warningRows = index.substring(warnings).lines().filter(l -> l.startsWith("| 2016")).toList();
        assertThat(warningRows).hasSize(2);
        assertThat(warningRows.get(0)).contains("keycloak").contains("| info |").contains("| 10 min |")
                .contains("[2016-09-05-keycloak-aaaa0000.json](prod/2016-09-05-keycloak-aaaa0000.json)")
                .doesNotContain(".md");
        assertThat(warningRows.get(1)).contains("esr-amqp");
    }

    @Test
    void anIndexWithoutWarningIncidentsSaysSo() throws Exception {
        LiveDrafts drafts = LiveDrafts.open(out);
        drafts.write(incident(3, List.of("deployer-api"), "prod"));
        drafts.flushIndex();

        assertThat(out.resolve("index.md")).content().contains("1 outage, 0 warning incidents.")
                .contains("## Warning incidents (0)");
    }
}
