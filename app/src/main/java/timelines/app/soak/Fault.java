package timelines.app.soak;

/** What a soak kills, with {@code kill -9}. */
public enum Fault {
    /** The Kafka node leading {@code signals.v1} partition 0; it is started again after a while. */
    PARTITION_LEADER_BROKER,
    /** The streams process, started again at once: its open transaction is aborted, its input read again. */
    STREAMS,
    /** The sink, started again at once: what it had not committed is read and written again. */
    SINK
}
