package timelines.app.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import timelines.app.replay.Replayer;
import timelines.contracts.Incident;
import timelines.sink.drafts.Text;
import timelines.streams.CorrelationSettings;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Replay the bundled sample capture (the stories of real postmortems) and print the incidents.")
final class DemoCommand implements Callable<Integer> {
    static final String CAPTURE = "/demo/capture.jsonl";
    static final String CATALOG = "/demo/catalog.yaml";

    @Option(names = "--out", defaultValue = "drafts/demo", description = "Directory for the drafts (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        Path capture = copy(CAPTURE, ".jsonl");
        Path catalogFile = copy(CATALOG, ".yaml");
        Catalog catalog;
        try {
            catalog = CatalogLoader.load(catalogFile);
        } finally {
            Files.deleteIfExists(catalogFile);
        }
        System.out.println("Replaying the sample capture (the stories of the seed postmortems) on an embedded broker...");
        Replayer.Result result;
        try {
            result = Replayer.replay(capture, out, catalog, CorrelationSettings.defaults(), System.err);
        } finally {
            Files.deleteIfExists(capture);
        }
        System.out.println();
        System.out.println(table(result));
        System.out.println(result.summaryLine());
        return 0;
    }

    private static Path copy(String resource, String suffix) throws Exception {
        Path file = Files.createTempFile("timelines-demo-", suffix);
        try (InputStream in = DemoCommand.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /**
     * The outages, one row each with their markers, lags and postmortem; then, set apart, the
     * warning incidents (DESIGN 5a: no signal showed users affected), which have no postmortem.
     */
    static String table(Replayer.Result result) {
        List<Incident> outages = new ArrayList<>();
        List<Incident> warnings = new ArrayList<>();
        for (Incident i : result.incidents()) {
            (i.isOutage() ? outages : warnings).add(i);
        }
        StringBuilder t = new StringBuilder();
        String row = "%-5s %-22s %-20s %-20s %-20s %-11s %-11s %-11s %s%n";
        t.append(String.format(row, "ENV", "SERVICES", "BEGIN (UTC)", "DETECT", "END", "DETECT", "RECOVER", "UNRECORDED",
                "DRAFT"));
        t.append(String.format(row, "", "", "", "", "", "after", "after", "alert at", ""));
        for (Incident i : outages) {
            t.append(String.format(row, i.env(), Text.cut(String.join(",", i.services()), 22), Text.dateTime(i.begin()).replace(" UTC", ""),
                    i.detect() == null ? "never" : Text.dateTime(i.detect()).replace(" UTC", ""),
                    i.end() == null ? "open" : Text.dateTime(i.end()).replace(" UTC", ""),
                    Text.duration(i.timeToDetectSeconds()), Text.duration(i.timeToRecoverSeconds()),
                    i.unrecordedAlertAt() == null ? "-" : Text.time(i.unrecordedAlertAt()),
                    result.out().resolve(i.id() + ".md")));
        }
        if (warnings.isEmpty()) {
            return t.toString();
        }
        t.append(String.format("%nSet aside: %d warning incident%s, no signal showed users affected "
                + "(no postmortem, never an unrecorded-outage alert)%n", warnings.size(), warnings.size() == 1 ? "" : "s"));
        String aside = "%-5s %-22s %-9s %-20s %-20s %-11s %s%n";
        t.append(String.format(aside, "ENV", "SERVICES", "SEVERITY", "BEGIN (UTC)", "END", "LASTED", "DATA"));
        for (Incident i : warnings) {
            t.append(String.format(aside, i.env(), Text.cut(String.join(",", i.services()), 22),
                    i.severity() == null ? "-" : i.severity(), Text.dateTime(i.begin()).replace(" UTC", ""),
                    i.end() == null ? "open" : Text.dateTime(i.end()).replace(" UTC", ""),
                    Text.duration(i.timeToRecoverSeconds()), result.out().resolve(i.id() + ".json")));
        }
        return t.toString();
    }
}
