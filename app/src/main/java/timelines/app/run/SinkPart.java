package timelines.app.run;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import timelines.contracts.Incident;
import timelines.sink.alerts.AlertDispatcher;
import timelines.sink.alerts.AlertTargets;
import timelines.sink.consume.DraftSink;
import timelines.sink.drafts.LiveDrafts;
import timelines.sink.web.IndexPage;
import timelines.sink.web.TimelinePage;

/**
 * The sink: drafts on disk, alert delivery, and the pages that show the drafts. Opening it reads
 * the drafts already on disk into memory once and refuses an out directory it cannot write; the
 * pages are served from that index ({@code /incidents/{id}} reads the one draft it shows).
 */
final class SinkPart implements Part {
    private final DraftSink drafts;
    private final AlertDispatcher alerts;
    private final LiveDrafts library;
    private final String sourcesLink;

    SinkPart(String bootstrap, Map<String, String> client, Path out, AlertTargets targets, MeterRegistry meters) {
        this(bootstrap, client, out, targets, meters, null);
    }

    /** @param sourcesLink where ingest's {@code /sources} page is, for the index to link to; null: no link */
    SinkPart(String bootstrap, Map<String, String> client, Path out, AlertTargets targets, MeterRegistry meters,
            String sourcesLink) {
        this.sourcesLink = sourcesLink;
        this.library = LiveDrafts.open(out);
        this.drafts = new DraftSink(bootstrap, library, meters, Clock.systemUTC(), client);
        this.alerts = new AlertDispatcher(bootstrap, targets, meters, client);
        drafts.start();
        alerts.start();
    }

    /**
     * Refuses, before anything starts, an out directory the sink could not write.
     *
     * @param setting how the user named it ({@code --out}, {@code sink.out}), for the message
     */
    static void requireWritable(Path out, String setting) {
        try {
            LiveDrafts.requireWritable(out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(setting + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void routes(JavalinConfig config) {
        config.routes.get("/", ctx -> ctx.html(IndexPage.render(library.incidents(),
                IndexPage.Show.of(ctx.queryParam("show")), sourcesLink)));
        config.routes.get("/incidents/{id}", ctx -> {
            String id = ctx.pathParam("id");
            Optional<Incident> incident = library.find(id);
            if (incident.isEmpty()) {
                ctx.status(404).html(TimelinePage.notFound(id));
                return;
            }
            ctx.html(TimelinePage.render(incident.get(), library.markdownOf(incident.get()).orElse(null)));
        });
    }

    /** The draft writer's problem (it cannot write to {@code --out}, or it is restarting), else alert delivery's. */
    @Override
    public String problem() {
        String writing = drafts.problem();
        return writing != null ? writing : alerts.problem();
    }

    @Override
    public void close() {
        try {
            alerts.close();
        } catch (Exception e) {
            // Stopping: nothing to do but go on closing.
        }
        try {
            drafts.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
