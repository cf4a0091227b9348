package timelines.sink.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermission;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Incident;
import timelines.contracts.JsonSerde;
import timelines.contracts.Topics;

class DraftWriterTest {
    private static final JsonSerde<Incident> SERDE = JsonSerde.of(Incident.class);

    @TempDir
    Path out;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static Incident revision(long revision) {
        return Incidents.with(Incidents.deployer(), revision, Incidents.deployerEntries());
    }

    private Incident readBack(Path json) throws IOException {
        return SERDE.deserialize(Topics.INCIDENTS, Files.readAllBytes(json));
    }

    @Test
    void writesJsonAndMarkdownNamedByIncidentId() throws IOException {
        Incident incident = Incidents.deployer();

        DraftWriter.Written written = new DraftWriter(out).write(incident);

        assertThat(written).isNotNull();
        assertThat(written.json()).isEqualTo(out.resolve(incident.id() + ".json"));
        assertThat(written.markdown()).isEqualTo(out.resolve(incident.id() + ".md"));
        assertThat(names(out)).containsExactly(incident.id() + ".json", incident.id() + ".md");
        assertThat(Files.readString(written.markdown())).isEqualTo(DraftRenderer.render(incident));
    }

    @Test
    void writesJsonThatReadsBackAsTheSameIncident() throws IOException {
        Incident incident = Incidents.deployer();

        DraftWriter.Written written = new DraftWriter(out).write(incident);

        assertThat(readBack(written.json())).isEqualTo(incident);
        assertThat(Files.readString(written.json())).contains("\"begin\" : \"2016-09-05T09:29:00Z\"").endsWith("}\n");
    }

    @Test
    void createsTheOutputDirectory() {
        Path nested = out.resolve("drafts/prod");

        new DraftWriter(nested).write(Incidents.deployer());

        assertThat(nested.resolve(Incidents.deployer().id() + ".json")).isRegularFile();
    }

    @Test
    void ignoresTheSameRevisionAgain() throws IOException {
        DraftWriter writer = new DraftWriter(out);
        DraftWriter.Written first = writer.write(revision(3));
        byte[] json = Files.readAllBytes(first.json());
        byte[] md = Files.readAllBytes(first.markdown());

        Incident sameRevisionOtherContent = Incidents.with(revision(3), 3, Incidents.deployerEntries().subList(0, 1));

        assertThat(writer.write(sameRevisionOtherContent)).isNull();
        assertThat(Files.readAllBytes(first.json())).isEqualTo(json);
        assertThat(Files.readAllBytes(first.markdown())).isEqualTo(md);
    }

    @Test
    void neverGoesBackToAnOlderRevision() throws IOException {
        DraftWriter writer = new DraftWriter(out);
        DraftWriter.Written first = writer.write(revision(5));
        byte[] json = Files.readAllBytes(first.json());
        byte[] md = Files.readAllBytes(first.markdown());

        assertThat(writer.write(revision(4))).isNull();
        assertThat(Files.readAllBytes(first.json())).isEqualTo(json);
        assertThat(Files.readAllBytes(first.markdown())).isEqualTo(md);
        assertThat(readBack(first.json()).revision()).isEqualTo(5);
    }

    @Test
    void replacesWithANewerRevision() throws IOException {
        DraftWriter writer = new DraftWriter(out);
        writer.write(revision(3));

        DraftWriter.Written newer = writer.write(revision(4));

        assertThat(newer).isNotNull();
        assertThat(readBack(newer.json())).isEqualTo(revision(4));
        assertThat(Files.readString(newer.markdown())).contains("revision 4").doesNotContain("revision 3");
    }

    @Test
    void replaceWritesWhateverIsOnDisk() throws IOException {
        DraftWriter writer = new DraftWriter(out);
        writer.write(revision(7));

        DraftWriter.Written replaced = writer.replace(revision(2));

        assertThat(replaced).isNotNull();
        assertThat(readBack(replaced.json()).revision()).isEqualTo(2);
        assertThat(Files.readString(replaced.markdown())).contains("revision 2");
    }

    @Test
    void overwritesADraftWhoseJsonCannotBeRead() throws IOException {
        Incident incident = revision(1);
        Files.writeString(out.resolve(incident.id() + ".json"), "{ half a fi");

        assertThat(new DraftWriter(out).write(incident)).isNotNull();
        assertThat(readBack(out.resolve(incident.id() + ".json"))).isEqualTo(incident);
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws IOException {
        DraftWriter writer = new DraftWriter(out);
        writer.write(revision(1));
        writer.write(revision(2));
        writer.write(revision(2));
        writer.replace(revision(3));
        writer.write(Incidents.silentUpload(null));

        assertThat(names(out)).containsExactlyInAnyOrder(
                Incidents.deployer().id() + ".json", Incidents.deployer().id() + ".md",
                Incidents.silentUpload(null).id() + ".json", Incidents.silentUpload(null).id() + ".md");
    }

    @Test
    void writesByteIdenticalJsonForTheSameIncident(@TempDir Path other) throws IOException {
        Path first = new DraftWriter(out).write(Incidents.deployer()).json();
        Path second = new DraftWriter(other).write(Incidents.deployer()).json();
        byte[] firstBytes = Files.readAllBytes(first);

        new DraftWriter(out).replace(Incidents.deployer());

        assertThat(Files.readAllBytes(second)).isEqualTo(firstBytes);
        assertThat(Files.readAllBytes(first)).isEqualTo(firstBytes);
        assertThat(DraftWriter.jsonBytes(Incidents.deployer())).isEqualTo(firstBytes);
        assertThat(new String(firstBytes, StandardCharsets.UTF_8)).contains("\"revision\" : 3");
    }

    @Test
    void draftsAreReadableLikeAnyOtherFileTheProcessCreates() throws IOException {
        assumeTrue(out.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        // The reference: a file created the ordinary way, mode 0666 less this process's umask.
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(out.resolve("usual")));

        DraftWriter.Written written = new DraftWriter(out).write(Incidents.deployer());
        DraftWriter.atomicWrite(out.resolve("alerts.jsonl"), "{}\n".getBytes(StandardCharsets.UTF_8));

        assertThat(usual).contains(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(Files.getPosixFilePermissions(written.json())).isEqualTo(usual);
        assertThat(Files.getPosixFilePermissions(written.markdown())).isEqualTo(usual);
        assertThat(Files.getPosixFilePermissions(out.resolve("alerts.jsonl"))).isEqualTo(usual);
    }
    @Test
    void aWarningIncidentHasItsJsonAndNoMarkdownPostmortem() throws IOException {
        Incident warning = Incidents.crashLoopWarning(1);

        DraftWriter.Written written = new DraftWriter(out).write(warning);

        assertThat(written.markdown()).isNull();
        assertThat(names(out)).containsExactly(warning.id() + ".json");
        assertThat(readBack(written.json()).isOutage()).isFalse();
    }

    @Test
    void theRevisionThatMakesAWarningIncidentAnOutageWritesItsPostmortem() throws IOException {
        DraftWriter writer = new DraftWriter(out);
        writer.write(Incidents.crashLoopWarning(1));

        DraftWriter.Written outage = writer.write(Incidents.as(Incidents.deployer(), 2, true, "critical", List.of()));

        assertThat(outage.markdown()).isEqualTo(out.resolve(Incidents.deployer().id() + ".md"));
        assertThat(names(out)).containsExactly(Incidents.deployer().id() + ".json", Incidents.deployer().id() + ".md");
        assertThat(Files.readString(outage.markdown())).contains("revision 2").contains("| **Severity** | critical |");
    }

    @Test
    void aReplayOfAWarningIncidentLeavesNoPostmortemOfAnEarlierRunBehind() throws IOException {
        DraftWriter writer = new DraftWriter(out);
        Files.writeString(out.resolve(Incidents.deployer().id() + ".md"), "an earlier replay's draft");

        writer.replace(Incidents.crashLoopWarning(1));

        assertThat(names(out)).containsExactly(Incidents.deployer().id() + ".json");
    }
}
