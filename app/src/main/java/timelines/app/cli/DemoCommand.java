package timelines.app.cli;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

    static String table(Replayer.Result result) {
        StringBuilder t = new StringBuilder();
        String row = "%-5s %-22s %-20s %-20s %-20s %-11s %-11s %-11s %s%n";
        t.append(String.format(row, "ENV", "SERVICES", "BEGIN (UTC)", "DETECT", "END", "DETECT", "RECOVER", "UNRECORDED",
                "DRAFT"));
        t.append(String.format(row, "", "", "", "", "", "after", "after", "alert at", ""));
        for (Incident i : result.incidents()) {
            t.append(String.format(row, i.env(), Text.cut(String.join(",", i.services()), 22), Text.dateTime(i.begin()).replace(" UTC", ""),
                    i.detect() == null ? "never" : Text.dateTime(i.detect()).replace(" UTC", ""),
                    i.end() == null ? "open" : Text.dateTime(i.end()).replace(" UTC", ""),
                    Text.duration(i.timeToDetectSeconds()), Text.duration(i.timeToRecoverSeconds()),
                    i.unrecordedAlertAt() == null ? "-" : Text.time(i.unrecordedAlertAt()),
                    result.out().resolve(i.id() + ".md")));
        }
        return t.toString();
    }
}
