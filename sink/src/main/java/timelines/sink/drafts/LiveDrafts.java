package timelines.sink.drafts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.Incident;
import timelines.contracts.Json;

/**
 * The drafts of a live run, laid out for people: {@code <out>/<env>/<yyyy-mm-dd>-<slug>-<short id>.md}
 * and {@code .json}, plus {@code <out>/index.md}. A draft keeps its file name once written (a
 * merge or a late signal does not rename it); it is rewritten only when the revision changes; and
 * a draft a person has edited is never overwritten: the new revision goes beside it as
 * {@code <name>.rev<N>.md}.
 */
public final class LiveDrafts {
    private static final Logger log = LoggerFactory.getLogger(LiveDrafts.class);
    static final int SHORT_ID = 8;
    static final int SLUG = 40;

    private final Path out;

    public LiveDrafts(Path out) {
        this.out = out;
    }

    public Path out() {
        return out;
    }

    /** What happened to a revision. */
    public enum Outcome {
        WRITTEN,
        UNCHANGED_REVISION,
        WRITTEN_BESIDE_EDITED_DRAFT
    }

    public record Result(Outcome outcome, Path markdown) {}

    public synchronized Result write(Incident incident) {
        Path dir = out.resolve(safe(incident.env()));
        Path json = existing(dir, incident.id()).orElse(dir.resolve(baseName(incident) + ".json"));
        String base = json.getFileName().toString().replaceAll("\\.json$", "");
        Path md = dir.resolve(base + ".md");
        if (DraftWriter.revisionOnDisk(json) >= incident.revision()) {
            return new Result(Outcome.UNCHANGED_REVISION, md);
        }
        String markdown = DraftRenderer.render(incident);
        Path marker = dir.resolve("." + base + ".written");
        Result result;
        if (Files.exists(md) && !sha256(read(md)).equals(readMarker(marker))) {
            Path beside = dir.resolve(base + ".rev" + incident.revision() + ".md");
            DraftWriter.atomicWrite(beside, markdown.getBytes(StandardCharsets.UTF_8));
            log.info("{} was edited by hand: revision {} written beside it as {}", md, incident.revision(),
                    beside.getFileName());
            result = new Result(Outcome.WRITTEN_BESIDE_EDITED_DRAFT, beside);
        } else {
            DraftWriter.atomicWrite(md, markdown.getBytes(StandardCharsets.UTF_8));
            DraftWriter.atomicWrite(marker, sha256(markdown.getBytes(StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8));
            result = new Result(Outcome.WRITTEN, md);
        }
        DraftWriter.atomicWrite(json, DraftWriter.jsonBytes(incident));
        writeIndex();
        return result;
    }

    /** Removes the drafts of an incident that merged into another, unless a person edited them. */
    public synchronized void remove(String id) {
        for (Path dir : envDirs()) {
            Optional<Path> json = existing(dir, id);
            if (json.isEmpty()) {
                continue;
            }
            String base = json.get().getFileName().toString().replaceAll("\\.json$", "");
            Path md = dir.resolve(base + ".md");
            Path marker = dir.resolve("." + base + ".written");
            try {
                Files.deleteIfExists(json.get());
                if (!Files.exists(md) || sha256(read(md)).equals(readMarker(marker))) {
                    Files.deleteIfExists(md);
                    Files.deleteIfExists(marker);
                } else {
                    log.info("{} was edited by hand: kept, though its incident merged into another", md);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        writeIndex();
    }

    /** {@code <date of BEGIN>-<services slug>-<first 8 of the id>}. */
    static String baseName(Incident i) {
        String slug = String.join("-", i.services()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        if (slug.length() > SLUG) {
            slug = slug.substring(0, SLUG).replaceAll("-+$", "");
        }
        return Text.date(i.begin()) + "-" + (slug.isEmpty() ? "incident" : slug) + "-"
                + i.id().substring(0, Math.min(SHORT_ID, i.id().length()));
    }

    private static Optional<Path> existing(Path dir, String id) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String suffix = "-" + id.substring(0, Math.min(SHORT_ID, id.length())) + ".json";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().findFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The Markdown draft of an incident as it is on disk now (a person may have edited it). */
    public synchronized Optional<String> markdownOf(Incident incident) {
        Optional<Path> json = existing(out.resolve(safe(incident.env())), incident.id());
        if (json.isEmpty()) {
            return Optional.empty();
        }
        Path md = json.get().resolveSibling(json.get().getFileName().toString().replaceAll("\\.json$", ".md"));
        try {
            return Files.exists(md) ? Optional.of(Files.readString(md)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every draft of every env, newest BEGIN first. */
    public synchronized List<Incident> incidents() {
        List<Incident> all = new ArrayList<>();
        for (Path dir : envDirs()) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                    try {
                        all.add(Json.mapper().readValue(f.toFile(), Incident.class));
                    } catch (IOException e) {
                        log.warn("skipping unreadable draft {}: {}", f, e.getMessage());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        all.sort(Comparator.comparing(Incident::begin).reversed().thenComparing(Incident::id));
        return all;
    }

    private void writeIndex() {
        StringBuilder md = new StringBuilder("# Incidents\n\nNewest first; all times UTC. Drafts generated from signals.\n\n");
        md.append("| Begin | Env | Services | Status | Detected after | Recovered after | Recorded | Unrecorded alert | Draft |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Incident i : incidents()) {
            String base = existing(out.resolve(safe(i.env())), i.id()).map(p -> p.getFileName().toString())
                    .orElse(baseName(i) + ".json").replaceAll("\\.json$", "");
            md.append("| ").append(Text.dateTime(i.begin()).replace(" UTC", "")).append(" | **")
                    .append(Text.md(i.env())).append("** | ").append(Text.cell(String.join(", ", i.services()), 80))
                    .append(" | ").append(i.status()).append(" | ").append(Text.duration(i.timeToDetectSeconds()))
                    .append(" | ").append(Text.duration(i.timeToRecoverSeconds())).append(" | ")
                    .append(i.recorded() == null ? "no" : Text.dateTime(i.recorded()).replace(" UTC", ""))
                    .append(" | ").append(i.unrecordedAlertAt() == null ? "—" : Text.time(i.unrecordedAlertAt()))
                    .append(" | [").append(Text.md(base)).append("](").append(safe(i.env())).append('/')
                    .append(base).append(".md) |\n");
        }
        DraftWriter.atomicWrite(out.resolve("index.md"), md.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** A directory name from an env: payload text never walks the file system. */
    static String safe(String env) {
        String s = env == null ? "" : env.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return s.isEmpty() || s.startsWith(".") ? "env-" + s : s;
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
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
