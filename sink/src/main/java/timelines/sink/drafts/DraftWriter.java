package timelines.sink.drafts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import timelines.contracts.Incident;
import timelines.contracts.Json;

/**
 * Writes an incident's drafts, {@code <out>/<id>.json} and, for an outage, {@code <out>/<id>.md},
 * each atomically (a reader never sees half a file), and never goes back to an older revision. A
 * warning incident has its JSON only (DESIGN 8): no postmortem is drafted for what users never saw.
 */
public final class DraftWriter {
    private final Path out;

    public DraftWriter(Path out) {
        this.out = out;
    }

    public Path out() {
        return out;
    }

    /** The paths written, or null when the draft on disk is already at this revision or newer. */
    public Written write(Incident incident) {
        Path json = out.resolve(incident.id() + ".json");
        Path md = out.resolve(incident.id() + ".md");
        long onDisk = revisionOnDisk(json);
        if (onDisk >= incident.revision()) {
            return null;
        }
        return writeBoth(incident, json, md);
    }

    /** Writes the drafts whatever is on disk: a replay re-derives them from scratch. */
    public Written replace(Incident incident) {
        return writeBoth(incident, out.resolve(incident.id() + ".json"), out.resolve(incident.id() + ".md"));
    }

    /**
     * The postmortem first, then the JSON (whose revision is what {@link #write} compares). A
     * warning incident writes no postmortem; one left from an earlier run in the same directory
     * is removed, so every Markdown draft there is an outage's.
     */
    private static Written writeBoth(Incident incident, Path json, Path md) {
        if (DraftRenderer.hasPostmortem(incident)) {
            atomicWrite(md, DraftRenderer.render(incident).getBytes(StandardCharsets.UTF_8));
        } else {
            try {
                Files.deleteIfExists(md);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + md + ": " + reason(e), e);
            }
        }
        atomicWrite(json, jsonBytes(incident));
        return new Written(json, DraftRenderer.hasPostmortem(incident) ? md : null);
    }

    /** Removes an incident's drafts (it merged into another); true when there was one. */
    public boolean remove(String id) {
        try {
            boolean json = Files.deleteIfExists(out.resolve(id + ".json"));
            boolean md = Files.deleteIfExists(out.resolve(id + ".md"));
            return json || md;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the drafts of " + id, e);
        }
    }

    /** @param markdown the postmortem written, or null for a warning incident (it has none) */
    public record Written(Path json, Path markdown) {}

    public static byte[] jsonBytes(Incident incident) {
        try {
            return (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(incident) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static long revisionOnDisk(Path json) {
        if (!Files.exists(json)) {
            return 0;
        }
        try {
            JsonNode node = Json.mapper().readTree(json.toFile());
            return node.path("revision").asLong(0);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Writes beside the target, then renames over it, so a reader never sees half a file. The
     * temporary file is created like any other file (mode 0666 less the process's umask: 0644
     * under the usual 022), not with {@code Files.createTempFile}'s owner-only 0600: drafts are
     * read by people and tools other than this process's user, like the other outputs.
     */
    public static void atomicWrite(Path target, byte[] content) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
            try {
                Files.write(tmp, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /** An IOException in words: its class says what (no space left, read-only) where its message is only a path. */
    public static String reason(IOException e) {
        String type = e.getClass().getSimpleName();
        String message = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fs) {
            message = fs.getReason() != null ? fs.getReason() : fs.getFile();
        }
        return message == null || message.isBlank() ? type : type + " (" + message + ")";
    }
}
