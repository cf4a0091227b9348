package timelines.contracts;

public enum AlertType {
    RAISED,
    CLEARED
}
