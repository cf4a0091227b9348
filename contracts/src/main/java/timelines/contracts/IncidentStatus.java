package timelines.contracts;

public enum IncidentStatus {
    OPEN,
    RESOLVED,
    ENDED_WITHOUT_RECOVERY
}
