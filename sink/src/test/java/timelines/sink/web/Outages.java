package timelines.sink.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import timelines.contracts.Incident;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.EarlyWarning;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.IncidentStatus;
import timelines.contracts.Json;
import timelines.contracts.Marker;
import timelines.contracts.SignalType;

/**
 * Outages for the web tests, each a small postmortem. Hand-built ones use fixed instants on
 * 2016-09-05; the replayed ones are drafts the demo capture produced (the seeds' stories).
 */
final class Outages {
    static final Instant KEYCLOAK_UPGRADE = Instant.parse("2016-09-05T08:50:00Z");
    static final Instant DEPLOY = Instant.parse("2016-09-05T09:20:00Z");
    static final Instant BEGIN = Instant.parse("2016-09-05T09:29:00Z");
    static final Instant DETECT = Instant.parse("2016-09-05T09:29:04Z");
    static final Instant ERRORS_FROM = Instant.parse("2016-09-05T09:31:00Z");
    static final Instant ONE_ERROR = Instant.parse("2016-09-05T09:35:00Z");
    static final Instant RECORDED = Instant.parse("2016-09-05T09:41:00Z");
    static final Instant ERRORS_TO = Instant.parse("2016-09-05T09:42:30Z");
    static final Instant ROLLBACK = Instant.parse("2016-09-05T09:56:00Z");
    static final Instant END = Instant.parse("2016-09-05T10:00:00Z");

    private Outages() {}

    /**
     * Seed 003 shaped: deployer-api in prod down 09:29 to 10:00, Pingdom paged 4 s in, Sentry
     * errors from the API meanwhile, recorded 12 min in; a deploy and a Keycloak upgrade came
     * before, a rollback during.
     */
    static Incident deployer() {
        return new Incident("3f2a9c0d5e6b7a8190a1b2c3d4e5f601", 3, "prod",
                "deployer-api (prod): deployer-api is down (HTTP 503)", IncidentStatus.RESOLVED, false,
                List.of("deployer-api"), BEGIN, DETECT, null, RECORDED, END, false, 4L, null, 720L, 1860L,
                new DetectedBy("pingdom", "deployer-api", "deployer-api is down (HTTP 503)"), null,
                List.of(new TriggerCandidate(DEPLOY, "deployer-api", "deploy v1.4.2"),
                        new TriggerCandidate(KEYCLOAK_UPGRADE, "keycloak", "upgrade keycloak 2.1 -> 2.2")),
                List.of(new Entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "pingdom", "deployer-api", "http-check-42",
                                "deployer-api is down (HTTP 503)", 1, BEGIN, "https://my.pingdom.com/reports/42"),
                        new Entry(DETECT, Marker.DETECT, null, "pingdom", "deployer-api", null,
                                "Detected: deployer-api is down (HTTP 503)", 1, DETECT, null),
                        new Entry(ERRORS_FROM, null, SignalType.ERROR, "sentry", "deployer-api", "4711",
                                "ConnectionError: upstream timed out", 12, ERRORS_TO, null),
                        new Entry(ONE_ERROR, null, SignalType.ERROR, "sentry", "deployer-api", "4712",
                                "KeyError: 'service'", 1, ONE_ERROR, null),
                        new Entry(RECORDED, Marker.RECORDED, null, "records", null, "INC-1",
                                "Incident recorded: Deployer API down", 1, RECORDED, null),
                        new Entry(ROLLBACK, null, SignalType.CHANGE, "generic", "deployer-api", null,
                                "rollback to v1.4.1", 1, ROLLBACK, null),
                        new Entry(END, Marker.END, SignalType.RECOVERED, "pingdom", "deployer-api", "http-check-42",
                                "deployer-api is up", 1, END, null)),
                0);
    }

    /**
     * Seed 001 shaped, still open: bulk upload's smoke test fails from 09:29 and never recovers,
     * esr-integration's consumer fails 09:40 to 09:50, a person reports it at 11:00; nobody
     * recorded it, so the unrecorded-outage alert fired at 09:44. keycloak is named but sent
     * nothing.
     */
    static Incident silentUpload() {
        Instant esrDown = Instant.parse("2016-09-05T09:40:00Z");
        Instant esrUp = Instant.parse("2016-09-05T09:50:00Z");
        Instant report = Instant.parse("2016-09-05T11:00:00Z");
        Instant alertAt = BEGIN.plusSeconds(15 * 60);
        return new Incident("0a0b0c0d0e0f00010203040506070809", 2, "prod",
                "generic-upload, esr-integration (prod): bulk upload failing", IncidentStatus.OPEN, false,
                List.of("generic-upload", "esr-integration", "keycloak"), BEGIN, report, null, null, null, false,
                5520L, null, null, null, new DetectedBy("generic", "generic-upload", "support: uploads fail"), alertAt,
                List.of(),
                List.of(new Entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "probe", "generic-upload", "bulk-upload-smoke",
                                "Bulk upload smoke test: 500", 3, Instant.parse("2016-09-05T09:39:00Z"), null),
                        new Entry(esrDown, null, SignalType.FAILING, "probe", "esr-integration", "esr-inbound-consumer",
                                "ESR consumer cannot get a token (401)", 1, esrDown, null),
                        new Entry(esrUp, null, SignalType.RECOVERED, "probe", "esr-integration", "esr-inbound-consumer",
                                "ESR consumer processing again", 1, esrUp, null),
                        new Entry(report, Marker.DETECT, SignalType.REPORT, "generic", "generic-upload", null,
                                "support: uploads fail", 1, report, null)),
                0);
    }

    /** Ended by END without its check ever recovering (the errors stopped; END inferred). */
    static Incident endedWithoutRecovery() {
        Incident d = deployer();
        return new Incident(d.id(), d.revision(), d.env(), d.title(), IncidentStatus.ENDED_WITHOUT_RECOVERY, false,
                d.services(), BEGIN, DETECT, null, RECORDED, END, true, 4L, null, 720L, 1860L, d.detectedBy(), null,
                List.of(), List.of(d.entries().get(0), d.entries().get(2)), 0);
    }

    /** A warning incident (DESIGN 5a): deployer-api's pod crash-looping 08:09 to 08:30, nobody affected. */
    static Incident crashLooping() {
        Instant from = Instant.parse("2016-09-05T08:09:00Z");
        Instant to = Instant.parse("2016-09-05T08:30:00Z");
        return new Incident("c0ffee00000000000000000000000001", 2, "prod",
                "deployer-api in prod, 2016-09-05: KubePodCrashLooping", IncidentStatus.RESOLVED, false, false, "warning",
                List.of("deployer-api"), from, null, null, null, to, false, null, null, null, 1260L, null, null,
                List.of(), List.of(),
                List.of(new Entry(from, Marker.BEGIN, SignalType.FAILING, "alertmanager", "deployer-api", "5d2c1f",
                                "Pod default/deployer-api-7f9c (api) is in waiting state (reason: \"CrashLoopBackOff\").",
                                3, Instant.parse("2016-09-05T08:20:00Z"), null),
                        new Entry(to, Marker.END, SignalType.RECOVERED, "alertmanager", "deployer-api", "5d2c1f",
                                "Pod default/deployer-api-7f9c (api) is in waiting state (reason: \"CrashLoopBackOff\").",
                                1, to, null)),
                0);
    }

    /** A warning incident still open: CPU throttled on esr-amqp, info only. */
    static Incident throttled() {
        Instant from = Instant.parse("2023-03-06T09:02:00Z");
        return new Incident("7407713d000000000000000000000002", 1, "prod", "esr-amqp in prod, 2023-03-06: CPUThrottlingHigh",
                IncidentStatus.OPEN, false, false, "info", List.of("esr-amqp"), from, null, null, null, null, false, null,
                null, null, null, null, null, List.of(), List.of(),
                List.of(new Entry(from, Marker.BEGIN, SignalType.FAILING, "alertmanager", "esr-amqp", "8b1e02",
                        "44% throttling of CPU in namespace esr for container consumer", 1, from, null)),
                0);
    }

    /** The deployer outage, critical, after two early warnings: a crash-looping pod, a disk filling. */
    static Incident warnedDeployer() {
        Incident d = deployer();
        return new Incident(d.id(), d.revision(), d.env(), d.title(), d.status(), d.planned(), true, "critical",
                d.services(), d.begin(), d.detect(), d.ack(), d.recorded(), d.end(), d.endInferred(),
                d.timeToDetectSeconds(), d.timeToAcknowledgeSeconds(), d.timeToRecordSeconds(), d.timeToRecoverSeconds(),
                d.detectedBy(), d.unrecordedAlertAt(), d.triggerCandidates(),
                List.of(new EarlyWarning(Instant.parse("2016-09-05T08:49:00Z"), 2400, "alertmanager", "keycloak",
                                "warning", "Disk <b>keycloak-db</b> 91% full"),
                        new EarlyWarning(Instant.parse("2016-09-05T08:09:00Z"), 4800, "alertmanager", "deployer-api",
                                "warning", "KubePodCrashLooping: pod deployer-api-7f9c is restarting")),
                d.entries(), d.entriesOmitted());
    }

    /** Everything a payload could put in: markup, quotes, and a javascript: link. */
    static Incident hostile() {
        String evil = "<script>alert(\"pwned\")</script> it's \"quoted\" & <b>bold</b>";
        return new Incident("evil\"id<x>", 1, "prod\"><script>alert(1)</script>",
                "<script>alert('title')</script> upload \"down\"", IncidentStatus.RESOLVED, false,
                List.of("api\"><img src=x onerror=alert(1)>"), BEGIN, DETECT, null, null, END, false, 4L, null, null, 1860L,
                new DetectedBy("sentry<i>", "api\"><img src=x onerror=alert(1)>", evil), null,
                List.of(new TriggerCandidate(DEPLOY, "api\"><img src=x onerror=alert(1)>", evil)),
                List.of(new Entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "sentry", "api\"><img src=x onerror=alert(1)>",
                                "chk'<svg onload=alert(1)>", evil, 1, BEGIN, "javascript:alert(document.cookie)"),
                        new Entry(ONE_ERROR, null, SignalType.ERROR, "sentry", "api\"><img src=x onerror=alert(1)>", "e1",
                                evil, 1, ONE_ERROR, "https://sentry.example/issues/1?a=1&b=\"2\"<x>"),
                        new Entry(END, Marker.END, SignalType.RECOVERED, "sentry", "api\"><img src=x onerror=alert(1)>",
                                "chk'<svg onload=alert(1)>", evil, 1, END, null)),
                0);
    }

    /** A draft the demo replay wrote, read the way the sink reads incidents. */
    static Incident replayed(String name) {
        try (InputStream in = Outages.class.getResourceAsStream(name + ".json")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return Json.mapper().readValue(in, Incident.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
