package timelines.streams;

import org.apache.kafka.common.serialization.Serializer;

/** Lets one processor with several output types feed typed sinks; a wrong type is a bug, said loudly. */
final class CastingSerializer<T> implements Serializer<Object> {
    private final Serializer<T> inner;
    private final Class<T> type;

    CastingSerializer(Serializer<T> inner, Class<T> type) {
        this.inner = inner;
        this.type = type;
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        if (data != null && !type.isInstance(data)) {
            throw new IllegalStateException("sink for " + topic + " got a " + data.getClass().getSimpleName());
        }
        return inner.serialize(topic, type.cast(data));
    }
}
