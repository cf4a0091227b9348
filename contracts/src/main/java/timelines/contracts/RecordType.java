package timelines.contracts;

/** What people declared: an incident, or planned maintenance. */
public enum RecordType {
    INCIDENT,
    MAINTENANCE
}
