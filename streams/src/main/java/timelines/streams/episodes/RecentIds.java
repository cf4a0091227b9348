package timelines.streams.episodes;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The ids of a service's most recent signals, oldest first, to drop a vendor's retries. Kept as
 * 64 bits of each id and stored as one base64 string: as a JSON list of 256 ids they were most of
 * an episode state's bytes, written on every signal. Two different ids share 64 bits with odds of
 * about 2^-55 among 256; a signal dropped for that would be a one-in-10^16 event.
 */
public final class RecentIds {
    public static final RecentIds NONE = new RecentIds(new long[0]);

    private final long[] ids;

    private RecentIds(long[] ids) {
        this.ids = ids;
    }

    public boolean contains(String id) {
        long h = bits(id);
        for (int i = ids.length - 1; i >= 0; i--) {
            if (ids[i] == h) {
                return true;
            }
        }
        return false;
    }

    /** These ids and {@code id}, keeping the newest {@code max}. */
    public RecentIds with(String id, int max) {
        int keep = Math.min(ids.length, max - 1);
        long[] next = new long[keep + 1];
        System.arraycopy(ids, ids.length - keep, next, 0, keep);
        next[keep] = bits(id);
        return new RecentIds(next);
    }

    public int size() {
        return ids.length;
    }

    @JsonValue
    String encoded() {
        ByteBuffer buf = ByteBuffer.allocate(ids.length * Long.BYTES);
        for (long id : ids) {
            buf.putLong(id);
        }
        return Base64.getEncoder().encodeToString(buf.array());
    }

    /** Reads the base64 form, or the JSON list of ids that earlier versions stored. */
    @JsonCreator
    static RecentIds read(JsonNode node) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        if (node.isArray()) {
            long[] ids = new long[node.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = bits(node.get(i).asText());
            }
            return new RecentIds(ids);
        }
        ByteBuffer buf = ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
        long[] ids = new long[buf.remaining() / Long.BYTES];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = buf.getLong();
        }
        return new RecentIds(ids);
    }

    /**
     * Signal ids are 32 hex digits of a SHA-256 ({@code Ids.of}): their first 16 are already
     * uniform bits. Any other id is hashed to get the same.
     */
    static long bits(String id) {
        if (id.length() == 32) {
            try {
                return Long.parseUnsignedLong(id, 0, 16, 16);
            } catch (NumberFormatException notHex) {
                // fall through to hashing
            }
        }
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(sha).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RecentIds other && Arrays.equals(ids, other.ids);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids);
    }

    @Override
    public String toString() {
        return "RecentIds[" + ids.length + "]";
    }
}
