package timelines.app.config;

/** A configuration that cannot be used; the message names the key and where its value came from. */
public final class InvalidConfig extends RuntimeException {
    public InvalidConfig(String message) {
        super(message);
    }
}
