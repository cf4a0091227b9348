package timelines.app.run;

import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a process started, stopped in reverse order; one failing stop does not keep the rest running. */
final class Started extends ArrayDeque<AutoCloseable> {
    private static final Logger log = LoggerFactory.getLogger(Started.class);

    void stopAll() {
        while (!isEmpty()) {
            AutoCloseable c = pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", c, e.toString());
            }
        }
    }
}
