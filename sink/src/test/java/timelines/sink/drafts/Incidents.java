package timelines.sink.drafts;

import java.time.Instant;
import java.util.List;
import timelines.contracts.Incident;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.EarlyWarning;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.IncidentStatus;
import timelines.contracts.Marker;
import timelines.contracts.SignalType;

/**
 * Incidents built by hand for the sink's tests. The main one is seed-shaped: deployer-api in prod,
 * down from 09:29 to 10:00 on 2016-09-05, paged by Pingdom 4 s in, recorded 12 min in, two
 * deploys shortly before.
 */
final class Incidents {
    static final Instant DEPLOY_1 = Instant.parse("2016-09-05T08:50:00Z");
    static final Instant DEPLOY_2 = Instant.parse("2016-09-05T09:20:00Z");
    static final Instant BEGIN = Instant.parse("2016-09-05T09:29:00Z");
    static final Instant DETECT = Instant.parse("2016-09-05T09:29:04Z");
    static final Instant ERRORS_FROM = Instant.parse("2016-09-05T09:31:00Z");
    static final Instant ERRORS_TO = Instant.parse("2016-09-05T09:42:30Z");
    static final Instant RECORDED = Instant.parse("2016-09-05T09:41:00Z");
    static final Instant END = Instant.parse("2016-09-05T10:00:00Z");

    private Incidents() {}

    static Entry entry(Instant at, Marker marker, SignalType type, String source, String service, String summary) {
        return new Entry(at, marker, type, source, service, null, summary, 1, at, null);
    }

    static List<Entry> deployerEntries() {
        return List.of(
                new Entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "pingdom", "deployer-api", "http-check-42",
                        "deployer-api is down (HTTP 503)", 1, BEGIN, "https://my.pingdom.com/reports/42"),
                new Entry(DETECT, Marker.DETECT, null, "pingdom", "deployer-api", null,
                        "Detected: deployer-api is down (HTTP 503)", 1, DETECT, null),
                new Entry(ERRORS_FROM, null, SignalType.ERROR, "sentry", "deployer-api", "4711",
                        "ConnectionError: upstream timed out", 12, ERRORS_TO, null),
                new Entry(RECORDED, Marker.RECORDED, null, "records", null, "INC-1",
                        "Incident recorded: Deployer API down", 1, RECORDED, null),
                new Entry(END, Marker.END, SignalType.RECOVERED, "pingdom", "deployer-api", "http-check-42",
                        "deployer-api is up", 1, END, null));
    }

    /** The resolved, recorded, paged outage. */
    static Incident deployer() {
        return new Incident("3f2a9c0d5e6b7a8190a1b2c3d4e5f601", 3, "prod",
                "deployer-api (prod): deployer-api is down (HTTP 503)", IncidentStatus.RESOLVED, false,
                List.of("deployer-api"), BEGIN, DETECT, null, RECORDED, END, false,
                4L, null, 720L, 1860L,
                new DetectedBy("pingdom", "deployer-api", "deployer-api is down (HTTP 503)"), null,
                List.of(new TriggerCandidate(DEPLOY_2, "deployer-api", "deploy v1.4.2"),
                        new TriggerCandidate(DEPLOY_1, "keycloak", "upgrade keycloak 2.1 -> 2.2")),
                deployerEntries(), 0);
    }

    /** Same shape, but with other fields replaced. */
    static Incident with(Incident i, long revision, List<Entry> entries) {
        return new Incident(i.id(), revision, i.env(), i.title(), i.status(), i.planned(), i.services(), i.begin(),
                i.detect(), i.ack(), i.recorded(), i.end(), i.endInferred(), i.timeToDetectSeconds(),
                i.timeToAcknowledgeSeconds(), i.timeToRecordSeconds(), i.timeToRecoverSeconds(), i.detectedBy(),
                i.unrecordedAlertAt(), i.triggerCandidates(), entries, i.entriesOmitted());
    }

    /** 1 h 20 min before BEGIN: the pod started crash-looping. */
    static final Instant CRASH_LOOP = Instant.parse("2016-09-05T08:09:00Z");
    /** 40 min before BEGIN: the disk of keycloak's database filling. */
    static final Instant DISK_FILLING = Instant.parse("2016-09-05T08:49:00Z");

    /** The incident with its outage flag, severity and early warnings replaced (DESIGN 5a). */
    static Incident as(Incident i, long revision, boolean outage, String severity, List<EarlyWarning> earlyWarnings) {
        return new Incident(i.id(), revision, i.env(), i.title(), i.status(), i.planned(), outage, severity, i.services(),
                i.begin(), i.detect(), i.ack(), i.recorded(), i.end(), i.endInferred(), i.timeToDetectSeconds(),
                i.timeToAcknowledgeSeconds(), i.timeToRecordSeconds(), i.timeToRecoverSeconds(), i.detectedBy(),
                i.unrecordedAlertAt(), i.triggerCandidates(), earlyWarnings, i.entries(), i.entriesOmitted());
    }

    /** The deployer outage, critical, warned of twice before it began; the second summary is hostile. */
    static Incident warnedDeployer() {
        return as(deployer(), 3, true, "critical", List.of(
                new EarlyWarning(DISK_FILLING, 2400, "alertmanager", "keycloak", "warning",
                        "Disk <b>keycloak-db</b> 91% full | *soon* [x](javascript:alert(1))"),
                new EarlyWarning(CRASH_LOOP, 4800, "alertmanager", "deployer-api", "warning",
                        "KubePodCrashLooping: pod deployer-api-7f9c is restarting")));
    }

    /**
     * Only warnings so far: KubePodCrashLooping of deployer-api's pod from 09:29, nobody affected. No
     * postmortem for it (DESIGN 8).
     */
    static Incident crashLoopWarning(long revision) {
        Incident d = deployer();
        return new Incident(d.id(), revision, "prod", "deployer-api in prod, 2016-09-05: KubePodCrashLooping",
                IncidentStatus.OPEN, false, false, "warning", List.of("deployer-api"), BEGIN, null, null, null, null,
                false, null, null, null, null, null, null, List.of(), List.of(),
                List.of(entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "alertmanager", "deployer-api",
                        "KubePodCrashLooping: pod deployer-api-7f9c is restarting")), 0);
    }

    /**
     * Seed 001 shaped: generic-upload broken, nobody alerted, nobody recorded it; the
     * unrecorded-outage alert fired 15 min after BEGIN. Still open.
     */
    static Incident silentUpload(Instant recorded) {
        Instant begin = Instant.parse("2016-09-05T09:29:00Z");
        Instant alertAt = begin.plusSeconds(15 * 60);
        return new Incident("0a0b0c0d0e0f00010203040506070809", 1, "prod",
                "generic-upload (prod): bulk upload failing", IncidentStatus.OPEN, false,
                List.of("generic-upload"), begin, null, null, recorded, null, false,
                null, null, recorded == null ? null : recorded.getEpochSecond() - begin.getEpochSecond(), null,
                null, alertAt, List.of(),
                List.of(entry(begin, Marker.BEGIN, SignalType.ERROR, "sentry", "generic-upload", "bulk upload failing")),
                0);
    }
}
