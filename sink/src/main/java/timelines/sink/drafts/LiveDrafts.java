package timelines.sink.drafts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.Incident;
import timelines.contracts.Json;

/**
 * The drafts of a live run, laid out for people: {@code <out>/<env>/<name>.md} and {@code .json}
 * (see {@link DraftName}), plus {@code <out>/index.md}. A draft keeps its file name once written (a
 * merge or a late signal does not rename it); it is rewritten only when the revision changes; and
 * a draft a person has edited is never overwritten: the new revision goes beside it as
 * {@code <name>.rev<N>.md}.
 *
 * <p>Only outages get the Markdown postmortem (DESIGN 8). A warning incident has its JSON alone,
 * under the name it would have had, and is listed apart in {@code index.md}; the revision that
 * makes it an outage writes its postmortem under that same name.
 *
 * <p>Keeps an index of every draft in memory, read once from disk when opened: which file holds
 * which incident at which revision, and what the lists show of it (the incident without its
 * timeline). A write touches that one incident's files, {@code index.md} is written from memory
 * when {@link #flushIndex} is called (once per batch of the consumer), and the pages list from
 * memory; nothing re-reads every draft, which at a few thousand incidents took longer per write
 * than Kafka allows between two polls.
 *
 * <p>A write that fails throws {@link UncheckedIOException} and leaves the index as it was, so the
 * same revision can be written again.
 */
public final class LiveDrafts {
    private static final Logger log = LoggerFactory.getLogger(LiveDrafts.class);
    /** What the lists do not show: kept on disk, not in memory. */
    private static final Set<String> TIMELINE_FIELDS = Set.of("entries", "triggerCandidates", "earlyWarnings");
    /** Newest BEGIN first; an incident without BEGIN last; ties by id, so the order never wobbles. */
    private static final Comparator<Drafted> NEWEST_FIRST = Comparator
            .comparing((Drafted d) -> d.summary().begin(), Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(Drafted::id);

    private final Path out;
    private final Map<String, Drafted> byId = new HashMap<>();
    private final TreeSet<Drafted> newestFirst = new TreeSet<>(NEWEST_FIRST);
    /** Incident id by {@code <env dir>/<name>}: one file, one incident. */
    private final Map<String, String> idByName = new HashMap<>();
    private boolean indexChanged;
    private long draftsRead;

    /** One draft as the index knows it: where it is, its revision, and its line in the lists. */
    private record Drafted(String id, String dir, String base, long revision, Incident summary, String indexRow) {}

    /** What happened to a revision. */
    public enum Outcome {
        WRITTEN,
        UNCHANGED_REVISION,
        WRITTEN_BESIDE_EDITED_DRAFT,
        /** A warning incident: its JSON was written, and no postmortem (DESIGN 8). */
        WRITTEN_JSON_ONLY_WARNING
    }

    /**
     * @param markdown the Markdown draft written (or already there); for a warning incident, where
     *     its postmortem would go once it becomes an outage (no file is there)
     * @param name which name the draft has, and why
     */
    public record Result(Outcome outcome, Path markdown, DraftName name) {}

    private LiveDrafts(Path out) {
        this.out = out;
    }

    /**
     * Opens the drafts in {@code out}, creating it if needed: refuses a directory this process
     * cannot write, then reads every draft on disk once into the index. {@code index.md} is
     * written at the next {@link #flushIndex}.
     *
     * @throws IllegalArgumentException when {@code out} cannot be written, saying why
     */
    public static LiveDrafts open(Path out) {
        requireWritable(out);
        LiveDrafts drafts = new LiveDrafts(out);
        drafts.load();
        return drafts;
    }

    /**
     * Creates {@code out} if needed and writes and removes a file in it. Only trying tells: a
     * read-only mount, a full disk's quota or a file where the directory should be all show here,
     * while permission bits do not (root ignores them).
     *
     * @throws IllegalArgumentException when it cannot, saying why
     */
    public static void requireWritable(Path out) {
        Path probe = out.resolve(".write-check-" + UUID.randomUUID());
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("cannot write drafts to " + out.toAbsolutePath()
                    + ": it is a file, not a directory");
        }
        try {
            Files.createDirectories(out);
            Files.write(probe, new byte[] {'\n'});
            Files.delete(probe);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write drafts to " + out.toAbsolutePath() + ": "
                    + DraftWriter.reason(e), e);
        }
    }

    public Path out() {
        return out;
    }

    /** Writes a revision's drafts, unless its draft is at this revision or newer already. */
    public synchronized Result write(Incident incident) {
        Drafted known = byId.get(incident.id());
        String dir = known != null ? known.dir() : safe(incident.env());
        DraftName name = DraftName.choose(incident, known != null ? known.base() : null,
                base -> takenByAnother(dir, base, incident.id()));
        Path dirPath = out.resolve(dir);
        Path md = dirPath.resolve(name.base() + ".md");
        if (known != null && known.revision() >= incident.revision()) {
            return new Result(Outcome.UNCHANGED_REVISION, md, name);
        }
        if (!DraftRenderer.hasPostmortem(incident)) {
            DraftWriter.atomicWrite(dirPath.resolve(name.base() + ".json"), DraftWriter.jsonBytes(incident));
            put(new Drafted(incident.id(), dir, name.base(), incident.revision(),
                    summary(Json.mapper().valueToTree(incident)), null));
            return new Result(Outcome.WRITTEN_JSON_ONLY_WARNING, md, name);
        }
        byte[] markdown = DraftRenderer.render(incident).getBytes(StandardCharsets.UTF_8);
        Path marker = dirPath.resolve("." + name.base() + ".written");
        Result result;
        if (Files.exists(md) && !unedited(md, marker, markdown)) {
            Path beside = dirPath.resolve(name.base() + ".rev" + incident.revision() + ".md");
            DraftWriter.atomicWrite(beside, markdown);
            log.info("{} was edited by hand: revision {} written beside it as {}", md, incident.revision(),
                    beside.getFileName());
            result = new Result(Outcome.WRITTEN_BESIDE_EDITED_DRAFT, beside, name);
        } else {
            // The draft first, then its marker: a crash between the two leaves a draft that
            // unedited() still recognises as this process's own.
            DraftWriter.atomicWrite(md, markdown);
            DraftWriter.atomicWrite(marker, sha256(markdown).getBytes(StandardCharsets.UTF_8));
            result = new Result(Outcome.WRITTEN, md, name);
        }
        DraftWriter.atomicWrite(dirPath.resolve(name.base() + ".json"), DraftWriter.jsonBytes(incident));
        put(new Drafted(incident.id(), dir, name.base(), incident.revision(), summary(Json.mapper().valueToTree(incident)),
                null));
        return result;
    }

    /** Removes the drafts of an incident that merged into another, unless a person edited them. */
    public synchronized boolean remove(String id) {
        Drafted known = byId.get(id);
        if (known == null) {
            return false;
        }
        Path dir = out.resolve(known.dir());
        Path md = dir.resolve(known.base() + ".md");
        Path marker = dir.resolve("." + known.base() + ".written");
        try {
            Files.deleteIfExists(dir.resolve(known.base() + ".json"));
            if (!Files.exists(md) || sha256(Files.readAllBytes(md)).equals(readMarker(marker))) {
                Files.deleteIfExists(md);
                Files.deleteIfExists(marker);
            } else {
                log.info("{} was edited by hand: kept, though its incident merged into another", md);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the drafts of " + id + ": " + DraftWriter.reason(e), e);
        }
        byId.remove(id);
        newestFirst.remove(known);
        idByName.remove(known.dir() + "/" + known.base());
        indexChanged = true;
        return true;
    }

    /**
     * Writes {@code index.md} from memory if a draft changed since it was last written; the
     * consumer calls this once per batch, not once per draft.
     *
     * @return whether it was written
     */
    public synchronized boolean flushIndex() {
        if (!indexChanged) {
            return false;
        }
        long outages = newestFirst.stream().filter(d -> d.summary().isOutage()).count();
        long warnings = newestFirst.size() - outages;
        StringBuilder md = new StringBuilder(1024 + newestFirst.size() * 200)
                .append("# Incidents\n\n")
                .append(count(outages, "outage", "outages")).append(", ")
                .append(count(warnings, "warning incident", "warning incidents"))
                .append(". Newest first; all times UTC. Drafts generated from signals.\n\n")
                .append("## Outages (").append(outages).append(")\n\n")
                .append("Users were affected: each has a draft postmortem.\n\n")
                .append("| Begin | Env | Services | Severity | Status | Detected after | Recovered after | Recorded | Unrecorded alert | Draft |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (Drafted d : newestFirst) {
            if (d.summary().isOutage()) {
                md.append(d.indexRow());
            }
        }
        md.append("\n## Warning incidents (").append(warnings).append(")\n\n")
                .append("No signal showed users affected (warnings, info, a few isolated errors): no postmortem, ")
                .append("never an unrecorded-outage alert; each has its JSON. One that impact later joins becomes ")
                .append("an outage and moves up.\n\n")
                .append("| Begin | Env | Services | Severity | Status | Lasted | Data |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Drafted d : newestFirst) {
            if (!d.summary().isOutage()) {
                md.append(d.indexRow());
            }
        }
        DraftWriter.atomicWrite(out.resolve("index.md"), md.toString().getBytes(StandardCharsets.UTF_8));
        indexChanged = false;
        return true;
    }

    /** Every draft of every env without its timeline (what the lists show), newest BEGIN first. */
    public synchronized List<Incident> incidents() {
        List<Incident> all = new ArrayList<>(newestFirst.size());
        newestFirst.forEach(d -> all.add(d.summary()));
        return all;
    }

    /** How many drafts there are. */
    public synchronized int size() {
        return byId.size();
    }

    /** The whole incident as its draft on disk holds it (one file read), if it has one. */
    public Optional<Incident> find(String id) {
        Path json;
        synchronized (this) {
            Drafted d = byId.get(id);
            if (d == null) {
                return Optional.empty();
            }
            json = out.resolve(d.dir()).resolve(d.base() + ".json");
            draftsRead++;
        }
        try {
            return Optional.of(Json.mapper().readValue(json.toFile(), Incident.class));
        } catch (IOException e) {
            log.warn("cannot read the draft {}: {}", json, DraftWriter.reason(e));
            return Optional.empty();
        }
    }

    /** The Markdown draft of an incident as it is on disk now (a person may have edited it). */
    public Optional<String> markdownOf(Incident incident) {
        Path md;
        synchronized (this) {
            Drafted d = byId.get(incident.id());
            if (d == null) {
                return Optional.empty();
            }
            md = out.resolve(d.dir()).resolve(d.base() + ".md");
        }
        try {
            return Files.exists(md) ? Optional.of(Files.readString(md)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Drafts read from disk since opened: every one once when opened, then one per {@link #find}. */
    synchronized long draftsRead() {
        return draftsRead;
    }

    /** Reads every draft once. Two of one incident (an older version's) keep the higher revision. */
    private void load() {
        int unreadable = 0;
        for (Path dir : envDirs()) {
            List<Path> jsons;
            try (Stream<Path> files = Files.list(dir)) {
                jsons = files.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list the drafts in " + dir, e);
            }
            for (Path json : jsons) {
                draftsRead++;
                String base = json.getFileName().toString().replaceAll("\\.json$", "");
                Drafted d;
                try {
                    JsonNode tree = Json.mapper().readTree(json.toFile());
                    d = new Drafted(tree.path("id").asText(), dir.getFileName().toString(), base,
                            tree.path("revision").asLong(0), summary(tree), null);
                } catch (IOException | IllegalArgumentException e) {
                    unreadable++;
                    log.warn("skipping the unreadable draft {}: {}", json, e.getMessage());
                    continue;
                }
                Drafted other = byId.get(d.id());
                if (other != null && other.revision() >= d.revision()) {
                    log.warn("{} and {} are drafts of one incident {}: revision {} of the first is kept", other.base(),
                            base, d.id(), other.revision());
                    continue;
                }
                if (other != null) {
                    idByName.remove(other.dir() + "/" + other.base());
                }
                put(d);
            }
        }
        indexChanged = true;
        log.info("{} drafts in {}{}", byId.size(), out, unreadable > 0 ? " (" + unreadable + " unreadable, skipped)" : "");
    }

    private void put(Drafted d) {
        Drafted withRow = new Drafted(d.id(), d.dir(), d.base(), d.revision(), d.summary(), indexRow(d));
        Drafted before = byId.put(d.id(), withRow);
        if (before != null) {
            newestFirst.remove(before);
        }
        newestFirst.add(withRow);
        idByName.put(d.dir() + "/" + d.base(), d.id());
        indexChanged = true;
    }

    /**
     * Whether a name in an env's directory belongs to something other than this incident's draft:
     * another incident's draft, or any file the index does not know (a person's, an unreadable
     * draft), which is never overwritten.
     */
    private boolean takenByAnother(String dir, String base, String id) {
        String owner = idByName.get(dir + "/" + base);
        if (owner != null) {
            return !owner.equals(id);
        }
        Path d = out.resolve(dir);
        return Files.exists(d.resolve(base + ".json")) || Files.exists(d.resolve(base + ".md"));
    }

    /** The incident without its timeline: what the index and the list page show. */
    private static Incident summary(JsonNode tree) throws IllegalArgumentException {
        if (!(tree instanceof ObjectNode object) || !tree.hasNonNull("id")) {
            throw new IllegalArgumentException("not an incident draft");
        }
        ObjectNode copy = object.deepCopy();
        copy.remove(TIMELINE_FIELDS);
        try {
            return Json.mapper().treeToValue(copy, Incident.class);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** An outage's row links its postmortem; a warning incident's, its JSON (it has no postmortem). */
    private static String indexRow(Drafted d) {
        Incident i = d.summary();
        String head = "| " + Text.dateTime(i.begin()).replace(" UTC", "") + " | **" + Text.md(i.env()) + "** | "
                + Text.cell(String.join(", ", i.services()), 80) + " | " + DraftRenderer.severity(i.severity()) + " | "
                + i.status() + " | ";
        if (!i.isOutage()) {
            return head + Text.duration(i.timeToRecoverSeconds()) + " | [" + Text.md(d.base()) + ".json](" + d.dir()
                    + "/" + d.base() + ".json) |\n";
        }
        return head + Text.duration(i.timeToDetectSeconds()) + " | " + Text.duration(i.timeToRecoverSeconds()) + " | "
                + (i.recorded() == null ? "no" : Text.dateTime(i.recorded()).replace(" UTC", "")) + " | "
                + (i.unrecordedAlertAt() == null ? "—" : Text.time(i.unrecordedAlertAt())) + " | ["
                + Text.md(d.base()) + "](" + d.dir() + "/" + d.base() + ".md) |\n";
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private List<Path> envDirs() {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(out)) {
            return dirs.filter(Files::isDirectory).filter(d -> !d.getFileName().toString().startsWith(".")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A directory name from an env: payload text never walks the file system. */
    static String safe(String env) {
        String s = env == null ? "" : env.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return s.isEmpty() || s.startsWith(".") ? "env-" + s : s;
    }

    /**
     * Whether the Markdown on disk is this process's own: what its marker says was written, or
     * the very revision about to be written (a crash came between the draft and its marker).
     */
    private static boolean unedited(Path md, Path marker, byte[] next) {
        try {
            String onDisk = sha256(Files.readAllBytes(md));
            return onDisk.equals(readMarker(marker)) || onDisk.equals(sha256(next));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + md + ": " + DraftWriter.reason(e), e);
        }
    }

    private static String readMarker(Path marker) {
        try {
            return Files.exists(marker) ? Files.readString(marker).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
