package timelines.sink.drafts;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import timelines.contracts.Incident;
import timelines.contracts.Incident.Entry;
import timelines.contracts.IncidentStatus;
import timelines.contracts.Marker;
import timelines.contracts.SignalType;

/**
 * Renders an outage as a draft postmortem in Markdown, shaped like the postmortems people already
 * write (summary, impact, detection, trigger, early warnings, resolution, prompts for root causes,
 * action items and lessons, and the timeline in UTC with the markers in bold). A pure function:
 * the same incident always renders to the same text.
 *
 * <p>Only outages get one (DESIGN 8): a warning incident has its JSON and no postmortem, which is
 * {@link #hasPostmortem}'s one rule, asked by every writer of drafts.
 */
public final class DraftRenderer {
    static final int CELL = 200;

    private DraftRenderer() {}

    /** Whether the incident gets a Markdown postmortem: outages only, never a warning incident (DESIGN 5a, 8). */
    public static boolean hasPostmortem(Incident i) {
        return i.isOutage();
    }

    public static String render(Incident i) {
        StringBuilder md = new StringBuilder(4096);
        String env = Text.md(i.env());
        String services = Text.md(String.join(", ", i.services()));
        md.append("# ").append(Text.md(i.title())).append("\n\n");
        md.append("| | |\n|---|---|\n");
        md.append("| **Environment** | ").append(env).append(" |\n");
        md.append("| **Date** | ").append(Text.date(i.begin())).append(" |\n");
        md.append("| **Status** | Draft — generated from signals, revision ").append(i.revision())
                .append(" (incident ").append(statusWords(i.status())).append(")").append(i.planned() ? ", planned work" : "")
                .append(" |\n");
        md.append("| **Severity** | ").append(severity(i.severity())).append(" |\n");
        md.append("| **Incident id** | `").append(i.id()).append("` |\n\n");

        md.append("## Summary (").append(env).append(")\n\n").append(summary(i)).append("\n\n");

        md.append("## Impact (").append(env).append(")\n\n");
        md.append("- Services: ").append(services).append(" in **").append(env).append("**\n");
        md.append("- Window: ").append(Text.dateTime(i.begin())).append(" to ")
                .append(i.end() == null ? "still open" : Text.dateTime(i.end()))
                .append(i.endInferred() ? " (end inferred: no recovery signal, errors stopped)" : "").append("\n");
        List<String> checks = i.entries().stream()
                .filter(e -> e.type() == SignalType.FAILING && e.check() != null)
                .map(e -> Text.md(e.source()) + " check " + Text.code(e.check()))
                .distinct().toList();
        if (!checks.isEmpty()) {
            md.append("- Checks that failed: ").append(String.join(", ", checks)).append("\n");
        }
        md.append("- _Who was affected, and how? (fill in)_\n\n");

        md.append("## Detection (").append(env).append(")\n\n");
        if (i.detect() == null) {
            md.append("- **No signal alerted a person.** Nothing in the monitoring told anyone about this outage.\n");
        } else {
            md.append("- Detected at ").append(Text.dateTime(i.detect()));
            if (i.detectedBy() != null) {
                md.append(" by **").append(Text.md(i.detectedBy().source())).append("** (")
                        .append(Text.md(i.detectedBy().service())).append("): ")
                        .append(Text.md(Text.cut(i.detectedBy().summary(), CELL)));
            }
            md.append("\n- Time to detect: **").append(Text.duration(i.timeToDetectSeconds())).append("**\n");
            if (reportedByPerson(i)) {
                md.append("- A person reported it before any monitor alerted.\n");
            }
        }
        if (i.ack() != null) {
            md.append("- Acknowledged at ").append(Text.dateTime(i.ack())).append(" (")
                    .append(Text.duration(i.timeToAcknowledgeSeconds())).append(" after detection)\n");
        }
        if (i.recorded() != null) {
            md.append("- Recorded as an incident at ").append(Text.dateTime(i.recorded())).append(" (")
                    .append(Text.duration(i.timeToRecordSeconds())).append(" after the outage began)\n");
        } else {
            md.append("- **Not recorded** as an incident.\n");
        }
        if (i.unrecordedAlertAt() != null) {
            md.append("- An unrecorded-outage alert fired at ").append(Text.dateTime(i.unrecordedAlertAt()));
            if (i.recorded() != null && i.recorded().isAfter(i.unrecordedAlertAt())) {
                md.append("; the outage then went unrecorded for another ")
                        .append(Text.duration(Duration.between(i.unrecordedAlertAt(), i.recorded()).getSeconds()));
            }
            md.append(".\n");
        }
        md.append("\n## Trigger candidates (").append(env).append(")\n\n");
        if (i.triggerCandidates().isEmpty()) {
            md.append("No change was signalled in the hours before the outage began. _What triggered it?_\n\n");
        } else {
            md.append("Changes shortly before the outage began, nearest first:\n\n");
            for (var c : i.triggerCandidates()) {
                md.append("- ").append(Text.dateTime(c.at())).append(" — ").append(Text.md(c.service())).append(": ")
                        .append(Text.md(Text.cut(c.summary(), CELL))).append(" (")
                        .append(Text.duration(Duration.between(c.at(), i.begin()).getSeconds())).append(" before)\n");
            }
            md.append("\n");
        }
        earlyWarnings(md, i, env);

        md.append("## Resolution (").append(env).append(")\n\n");
        List<Entry> resolution = i.entries().stream()
                .filter(e -> e.type() == SignalType.RECOVERED || (e.type() == SignalType.CHANGE
                        && !e.at().isBefore(i.begin())))
                .toList();
        if (resolution.isEmpty()) {
            md.append(i.end() == null ? "Still open.\n\n" : "No recovery or change was signalled. _How was it resolved?_\n\n");
        } else {
            for (Entry e : resolution) {
                md.append("- ").append(Text.time(e.at())).append(" ").append(e.type() == SignalType.CHANGE ? "change" : "recovered")
                        .append(": ").append(Text.md(e.service())).append(" — ").append(Text.md(Text.cut(e.summary(), CELL)))
                        .append("\n");
            }
            md.append("\n");
        }
        md.append("## Root causes\n\n- _Why did it happen? Ask why until the answer is something you can change._\n\n");
        md.append("## Action items\n\n| Action item | Type | Owner | Ticket |\n|---|---|---|---|\n")
                .append("| _fill in_ | prevent / mitigate / detect | | |\n\n");
        md.append("## Lessons learned\n\n### What went well\n\n- \n\n### What went wrong\n\n- \n\n### Where we got lucky\n\n- \n\n");

        md.append("## Timeline (").append(env).append(", all times UTC)\n\n");
        md.append("| Time | Event | Source | Service | Details |\n|---|---|---|---|---|\n");
        for (Entry e : i.entries()) {
            md.append("| ").append(Text.DATE_TIME.format(e.at()));
            if (e.count() > 1 && e.lastAt() != null && !e.lastAt().equals(e.at())) {
                md.append("–").append(Text.time(e.lastAt()));
            }
            md.append(" | ").append(event(e)).append(" | ").append(Text.cell(e.source(), 40)).append(" | ")
                    .append(Text.cell(e.service(), 60)).append(" | ");
            if (e.count() > 1) {
                md.append(e.count()).append("× ");
            }
            md.append(Text.cell(e.summary(), CELL));
            String link = WebLink.of(e.link());
            if (link != null) {
                md.append(" ([source](").append(Text.url(link)).append("))");
            }
            md.append(" |\n");
        }
        if (i.entriesOmitted() > 0) {
            md.append("\n_").append(i.entriesOmitted()).append(" more signals are not listed._\n");
        }
        return md.toString();
    }

    /**
     * The warnings and info signals that began before the outage (DESIGN 5a), nearest first, each
     * with how long before BEGIN it began: what could have caught it earlier.
     */
    private static void earlyWarnings(StringBuilder md, Incident i, String env) {
        md.append("## Early warnings: what could have caught it earlier (").append(env).append(")\n\n");
        if (i.earlyWarnings().isEmpty()) {
            md.append("No warning or info signal of these services, or of the services they depend on, began in the ")
                    .append("hours before the outage. _Was there a sign that nothing watched for?_\n\n");
            return;
        }
        md.append("Warning and info signals of these services, and of the services they depend on, that began before ")
                .append("the outage, nearest first:\n\n");
        for (var w : i.earlyWarnings()) {
            md.append("- ").append(Text.dateTime(w.at())).append(" — **").append(Text.duration(w.leadSeconds()))
                    .append(" before** — ").append(Text.md(w.source())).append(", ").append(Text.md(w.service()))
                    .append(" (").append(severity(w.severity())).append("): ")
                    .append(Text.md(Text.cut(w.summary(), CELL))).append("\n");
        }
        md.append("\n_Could one of them have paged, or been watched more closely?_\n\n");
    }

    /** A normalized severity as shown in the drafts; "not stated" when no signal said one. */
    static String severity(String severity) {
        return severity == null || severity.isBlank() ? "not stated" : Text.md(severity);
    }

    static String summary(Incident i) {
        String what = String.join(", ", i.services()) + " in " + i.env();
        StringBuilder s = new StringBuilder();
        s.append(Text.md(what)).append(i.end() == null ? " has been failing since " : " failed from ")
                .append(Text.dateTime(i.begin()));
        if (i.end() != null) {
            s.append(" for ").append(Text.duration(i.timeToRecoverSeconds()));
        }
        s.append(". ");
        if (i.detect() == null) {
            s.append("No signal alerted a person.");
        } else {
            s.append("It was detected ").append(Text.duration(i.timeToDetectSeconds())).append(" after it began");
            if (i.detectedBy() != null) {
                s.append(", by ").append(Text.md(i.detectedBy().source()));
            }
            s.append(".");
        }
        if (i.recorded() == null) {
            s.append(" No incident was recorded.");
        }
        return s.toString();
    }

    private static boolean reportedByPerson(Incident i) {
        return i.entries().stream().anyMatch(e -> e.marker() == Marker.DETECT && e.type() == SignalType.REPORT);
    }

    private static String event(Entry e) {
        String what = e.type() == null ? "" : e.type().name().toLowerCase(java.util.Locale.ROOT);
        if (e.marker() == null) {
            // The only unmarked line without a signal type is the unrecorded-outage alert.
            return what.isEmpty() ? "alert" : what;
        }
        String marker = switch (e.marker()) {
            case BEGIN -> "**OUTAGE BEGINS**";
            case DETECT -> "**DETECTED**";
            case ACK -> "**ACKNOWLEDGED**";
            case RECORDED -> "**RECORDED**";
            case END -> "**OUTAGE ENDS**";
        };
        return what.isEmpty() ? marker : marker + " (" + what + ")";
    }

    private static String statusWords(IncidentStatus status) {
        return switch (Objects.requireNonNull(status)) {
            case OPEN -> "open";
            case RESOLVED -> "resolved";
            case ENDED_WITHOUT_RECOVERY -> "ended without a recovery signal";
        };
    }
}
