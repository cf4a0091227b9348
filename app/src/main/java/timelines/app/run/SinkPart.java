package timelines.app.run;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import timelines.contracts.Incident;
import timelines.sink.alerts.AlertDispatcher;
import timelines.sink.alerts.AlertTargets;
import timelines.sink.consume.DraftSink;
import timelines.sink.drafts.LiveDrafts;
import timelines.sink.web.IndexPage;
import timelines.sink.web.TimelinePage;

/** The sink: drafts on disk, alert delivery, and the pages that show the drafts. */
final class SinkPart implements Part {
    private final DraftSink drafts;
    private final AlertDispatcher alerts;
    private final LiveDrafts library;

    SinkPart(String bootstrap, Map<String, String> client, Path out, AlertTargets targets, MeterRegistry meters) {
        this.library = LiveDrafts.open(out);
        this.drafts = new DraftSink(bootstrap, "timelines-sink", library, meters, client);
        this.alerts = new AlertDispatcher(bootstrap, targets, meters, client);
        drafts.start();
        alerts.start();
    }

    @Override
    public void routes(JavalinConfig config) {
        config.routes.get("/", ctx -> ctx.html(IndexPage.render(library.incidents())));
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

    @Override
    public String problem() {
        return null;
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
