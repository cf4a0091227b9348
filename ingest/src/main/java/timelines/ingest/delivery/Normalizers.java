package timelines.ingest.delivery;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The registered sources, by name. Adding a vendor is one line where this is built. */
public final class Normalizers {
    private final Map<String, Normalizer> bySource = new TreeMap<>();

    public Normalizers(List<Normalizer> normalizers) {
        for (Normalizer n : normalizers) {
            if (bySource.put(n.source(), n) != null) {
                throw new IllegalArgumentException("two normalizers for source " + n.source());
            }
        }
    }

    public Optional<Normalizer> find(String source) {
        return Optional.ofNullable(bySource.get(source));
    }

    public List<String> sources() {
        return List.copyOf(bySource.keySet());
    }
}
