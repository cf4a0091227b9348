package timelines.app.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import timelines.contracts.Incident;
import timelines.contracts.Json;

/**
 * Reads every JSON draft under the sink's out directory and counts the soak's tokens in their
 * timeline entries, the lines of signals only (a marker line quotes the summary of the signal it marks). A draft that cannot be read is reported: drafts are written atomically, so
 * there should never be one.
 *
 * @param occurrences per token, how many times it is in a timeline ({@code count} of folded lines included)
 * @param unreadable  drafts that are not a whole incident, with why
 * @param omitted     timeline lines left out of the soak's drafts by the entry caps (would read as lost)
 */
record DraftScan(Map<String, Integer> occurrences, List<String> unreadable, long drafts, long omitted) {

    static DraftScan of(Path out) {
        Map<String, Integer> occurrences = new HashMap<>();
        List<String> unreadable = new ArrayList<>();
        long drafts = 0;
        long omitted = 0;
        if (!Files.isDirectory(out)) {
            return new DraftScan(occurrences, unreadable, 0, 0);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(out)) {
            // Hidden files are the writer's own: temporary files before their atomic move, markers.
            files = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + out, e);
        }
        for (Path f : files) {
            Incident incident;
            try {
                incident = Json.mapper().readValue(f.toFile(), Incident.class);
            } catch (java.nio.file.NoSuchFileException | java.io.FileNotFoundException e) {
                continue; // removed since it was listed (an incident merged into another)
            } catch (IOException e) {
                unreadable.add(out.relativize(f) + ": " + e.getMessage());
                continue;
            }
            drafts++;
            boolean soak = false;
            for (Incident.Entry entry : incident.entries()) {
                if (entry.summary() == null || entry.type() == null) {
                    continue; // a marker's own line (DETECT, ...) quotes a signal's summary: not a delivery
                }
                Matcher m = Load.TOKEN.matcher(entry.summary());
                if (m.find()) {
                    soak = true;
                    occurrences.merge(m.group(1), Math.max(1, entry.count()), Integer::sum);
                }
            }
            if (soak) {
                omitted += incident.entriesOmitted();
            }
        }
        return new DraftScan(occurrences, unreadable, drafts, omitted);
    }
}
