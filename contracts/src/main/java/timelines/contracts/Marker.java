package timelines.contracts;

/** The milestones of an incident's timeline (DESIGN section 5). */
public enum Marker {
    BEGIN,
    DETECT,
    ACK,
    RECORDED,
    END
}
