package timelines.sink.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.Alert;
import timelines.contracts.Json;
import timelines.sink.drafts.DraftWriter;

/**
 * {@code alerts.jsonl} beside the drafts: one JSON line per alert, {@code {"id": ..., "type": ...,
 * ...the Alert}}, each alert once (by {@link AlertId}), however often {@code alerts.v1} delivers it
 * (at least once: after a crash the records since the last commit come again). The ids already
 * written are read from the file on first use, so a restart does not write them twice; a line cut
 * short by a crash is dropped then, and written whole again when its record comes again (it was
 * not committed).
 *
 * <p>A failed append throws {@link UncheckedIOException} and leaves nothing recorded, so the same
 * alert can be appended again. Used from the sink's consumer thread.
 */
public final class AlertLog {
    private static final Logger log = LoggerFactory.getLogger(AlertLog.class);

    private final Path file;
    private Set<String> written;

    /** What became of an alert. */
    public enum Outcome {
        APPENDED,
        /** Its id is in the file already: a re-delivery. */
        ALREADY_WRITTEN
    }

    public AlertLog(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    public synchronized Outcome append(Alert alert) {
        Set<String> ids = ids();
        String id = AlertId.of(alert);
        if (ids.contains(id)) {
            return Outcome.ALREADY_WRITTEN;
        }
        byte[] line = line(id, alert);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND)) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file + ": " + DraftWriter.reason(e), e);
        }
        ids.add(id);
        return Outcome.APPENDED;
    }

    /** How many alerts the file holds (read from it on first use). */
    public synchronized int size() {
        return ids().size();
    }

    static byte[] line(String id, Alert alert) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("id", id);
        node.setAll((ObjectNode) Json.mapper().valueToTree(alert));
        try {
            return (Json.mapper().writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ids in the file, read once; a torn last line is cut off first. */
    private Set<String> ids() {
        if (written != null) {
            return written;
        }
        Set<String> ids = new HashSet<>();
        if (Files.exists(file)) {
            try {
                byte[] content = Files.readAllBytes(file);
                int end = content.length;
                while (end > 0 && content[end - 1] != '\n') {
                    end--;
                }
                if (end < content.length) {
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(end);
                    }
                    log.warn("{}: dropped a last line cut short by a crash ({} bytes); its alert is written again when "
                            + "alerts.v1 delivers it again", file, content.length - end);
                }
                String text = new String(content, 0, end, StandardCharsets.UTF_8);
                int lineNo = 0;
                for (String line : text.split("\n")) {
                    lineNo++;
                    if (!line.isBlank()) {
                        String id = idOf(line);
                        if (id == null) {
                            log.warn("{}:{} is not an alert; left as it is", file, lineNo);
                        } else {
                            ids.add(id);
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + DraftWriter.reason(e), e);
            }
        }
        written = ids;
        return ids;
    }

    /** A line's id: its own, or for a line of an older version (no id) the one derived from it. */
    private static String idOf(String line) {
        try {
            JsonNode node = Json.mapper().readTree(line);
            if (node.hasNonNull("id")) {
                return node.get("id").asText();
            }
            return AlertId.of(Json.mapper().treeToValue(node, Alert.class));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
