package timelines.ingest.http;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Reads a request body with the servlet's non-blocking I/O, up to a limit and a deadline. A
 * blocking read holds a server thread for as long as its sender takes: 300 senders with a valid
 * token, each sending its headers and then a byte now and then, held every thread of the pool and
 * froze ingest for everyone. Here a sender that trickles holds only its connection, and at the
 * deadline gets what arrived so far, to be answered 408.
 */
final class BodyReader implements ReadListener {
    /** How a read ended. */
    enum Ending {
        /** The whole body, within the limit. */
        COMPLETE,
        /** The limit was reached; the rest is left unread. */
        OVER_LIMIT,
        /** The deadline passed before the body was complete. */
        TIMED_OUT
    }

    /** What arrived, and how the read ended. */
    record Body(byte[] bytes, Ending ending) {}

    /**
     * One daemon thread for every deadline: it only completes a future, and a cancelled deadline
     * (the usual case: the body arrived) leaves its queue at once.
     */
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private final ServletInputStream in;
    private final int limit;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final byte[] chunk = new byte[16 * 1024];
    private final CompletableFuture<Body> done = new CompletableFuture<>();
    private boolean finished;

    private BodyReader(ServletInputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /**
     * Starts reading the body of a request whose async processing has started; completes on a
     * server thread (or the deadline's) with at most {@code limit} bytes, or exceptionally when the
     * connection fails.
     */
    static CompletableFuture<Body> read(HttpServletRequest request, int limit, Duration deadline) throws IOException {
        BodyReader reader = new BodyReader(request.getInputStream(), limit);
        ScheduledFuture<?> timeout = DEADLINES.schedule(() -> reader.finish(Ending.TIMED_OUT), deadline.toNanos(),
                TimeUnit.NANOSECONDS);
        reader.done.whenComplete((body, failure) -> timeout.cancel(false));
        reader.in.setReadListener(reader);
        return reader.done;
    }

    @Override
    public void onDataAvailable() throws IOException {
        // Reads while data is there; when isReady() says no, the container calls again once more arrives.
        while (!done.isDone() && in.isReady()) {
            int n = in.read(chunk, 0, Math.min(chunk.length, limit - size()));
            if (n < 0) {
                return;
            }
            boolean full;
            synchronized (this) {
                received.write(chunk, 0, n);
                full = received.size() >= limit;
            }
            if (full) {
                finish(Ending.OVER_LIMIT);
            }
        }
    }

    @Override
    public void onAllDataRead() {
        finish(Ending.COMPLETE);
    }

    @Override
    public void onError(Throwable t) {
        done.completeExceptionally(t);
    }

    private synchronized int size() {
        return received.size();
    }

    private void finish(Ending ending) {
        Body body;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            body = new Body(received.toByteArray(), ending);
        }
        // Outside the lock: what depends on the body runs from here.
        done.complete(body);
    }

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "timelines-body-deadlines");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
