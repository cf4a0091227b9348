package timelines.streams.incidents;

import timelines.contracts.Incident;

/**
 * An incident revision as stage 2 emits it, with the JSON its content digest was taken from: the
 * sink writes these bytes instead of serializing the incident a second time.
 */
public record Revision(Incident incident, byte[] json) {}
