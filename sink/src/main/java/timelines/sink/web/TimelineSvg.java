package timelines.sink.web;

import static timelines.sink.web.Html.esc;
import static timelines.sink.web.Html.num;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import timelines.contracts.Incident;
import timelines.contracts.Incident.EarlyWarning;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.SignalType;
import timelines.sink.drafts.Text;

/**
 * Draws one incident as an inline SVG: a lane per service and check with its failure spans
 * (FAILING to RECOVERED, or to END or the right edge while still failing), folded errors as spans
 * from their first to their last occurrence and single errors as dots; a lane of changes (CHANGE
 * entries and trigger candidates) as ticks; for an outage with early warnings (DESIGN 5a), a lane
 * of them as amber triangles before BEGIN, each with its lead time; the markers (BEGIN, DETECT,
 * ACK, RECORDED, END and the unrecorded-outage alert) as labelled vertical lines; and a UTC time
 * axis.
 *
 * <p>Layout is computed here rather than left to the browser so the picture is the same bytes
 * every time and tests can read positions from attributes: every drawn thing carries its
 * instant(s) in {@code data-*} attributes next to its x.
 */
final class TimelineSvg {
    static final int WIDTH = 1200;
    static final double PLOT_LEFT = 270;
    static final double PLOT_RIGHT = WIDTH - 30;
    static final int TOP = 8;
    static final int MARKER_ROW = 15;
    static final int CHANGE_ROW = 13;
    static final int CHANGE_ROWS = 2;
    static final int LANE = 30;
    static final int AXIS = 40;
    /** Average glyph width of the 11 px sans-serif lane labels, for cutting them to the label column. */
    static final double CHAR = 6.4;
    static final String NO_SERVICE = "(no service)";

    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MD = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MD_HM = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private static final long SECOND = 1000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY_MS = 24 * HOUR;
    private static final long[] STEPS = {
        SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
        MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
        HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY_MS, 2 * DAY_MS, 7 * DAY_MS, 14 * DAY_MS, 28 * DAY_MS};
    private static final int MAX_TICKS = 9;

    private TimelineSvg() {}

    /** One row of the picture: a service, or one check of a service. */
    record Lane(String service, String check, List<Entry> entries) {
        String name() {
            return check == null ? service : service + " · " + check;
        }
    }

    /** A change drawn as a tick; {@code trigger} when the incident names it as a trigger candidate. */
    record Change(Instant at, String service, String summary, boolean trigger) {}

    /** A milestone drawn as a vertical line; {@code name} is the {@code data-marker} value. */
    record MarkerAt(String name, String label, Instant at, String color) {}

    /** The time window drawn and its mapping of instants to x. */
    record Scale(long fromMillis, long toMillis) {
        double x(Instant t) {
            return PLOT_LEFT + (t.toEpochMilli() - fromMillis) * (PLOT_RIGHT - PLOT_LEFT) / (double) (toMillis - fromMillis);
        }

        Instant from() {
            return Instant.ofEpochMilli(fromMillis);
        }

        Instant to() {
            return Instant.ofEpochMilli(toMillis);
        }

        long range() {
            return toMillis - fromMillis;
        }
    }

    /** Where a label went: its row (-1 when there was no room), its left x, and its anchor side. */
    record Slot(int row, double start, boolean flipped) {}

    static String render(Incident i) {
        Scale scale = scale(i);
        List<Lane> lanes = lanes(i);
        List<Change> changes = changes(i);
        List<MarkerAt> markers = markers(i);
        boolean longRange = scale.range() > 20 * HOUR;

        List<String> markerLabels = new ArrayList<>();
        List<Double> markerXs = new ArrayList<>();
        List<Double> markerWidths = new ArrayList<>();
        for (MarkerAt m : markers) {
            String label = m.label() + " " + (longRange ? MD_HM : HMS).format(m.at());
            markerLabels.add(label);
            markerXs.add(scale.x(m.at()));
            markerWidths.add(textWidth(label, true, 11));
        }
        List<Slot> markerSlots = stack(markerXs, markerWidths, markers.size());
        int markerRows = Math.max(1, markerSlots.stream().mapToInt(Slot::row).max().orElse(0) + 1);

        double changesTop = TOP + markerRows * MARKER_ROW + 6;
        double changesHeight = CHANGE_ROWS * CHANGE_ROW + 10;
        double warningsTop = changesTop + changesHeight + 4;
        double warningsHeight = i.earlyWarnings().isEmpty() ? 0 : CHANGE_ROWS * CHANGE_ROW + 10;
        double lanesTop = warningsTop + warningsHeight + (warningsHeight > 0 ? 4 : 0);
        double axisY = lanesTop + Math.max(1, lanes.size()) * LANE;
        double height = axisY + AXIS;

        StringBuilder svg = new StringBuilder(8192);
        svg.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(num(height)).append("\" width=\"").append(WIDTH).append("\" height=\"").append(num(height))
                .append("\" role=\"img\" data-from=\"").append(scale.from()).append("\" data-to=\"").append(scale.to())
                .append("\" data-plot-left=\"").append(num(PLOT_LEFT)).append("\" data-plot-right=\"").append(num(PLOT_RIGHT))
                .append("\">\n");
        svg.append("<title>").append(esc("Timeline of " + i.title() + " in " + i.env() + ", UTC")).append("</title>\n");

        // Backgrounds first, then the grid over them, then what happened, then the markers on top.
        svg.append("<g class=\"backgrounds\">\n");
        for (int n = 0; n < lanes.size(); n++) {
            svg.append("<rect class=\"lane-bg").append(n % 2 == 1 ? " alt" : "").append("\" x=\"0\" y=\"")
                    .append(num(lanesTop + n * LANE)).append("\" width=\"").append(WIDTH).append("\" height=\"").append(LANE)
                    .append("\"/>\n");
        }
        svg.append("<rect class=\"changes-bg\" x=\"0\" y=\"").append(num(changesTop)).append("\" width=\"").append(WIDTH)
                .append("\" height=\"").append(num(changesHeight)).append("\"/>\n");
        if (warningsHeight > 0) {
            svg.append("<rect class=\"early-warnings-bg\" x=\"0\" y=\"").append(num(warningsTop)).append("\" width=\"")
                    .append(WIDTH).append("\" height=\"").append(num(warningsHeight)).append("\"/>\n");
        }
        svg.append("</g>\n");

        axis(svg, scale, changesTop, axisY);
        StringBuilder changeLabels = new StringBuilder();
        changesLane(svg, changeLabels, i, scale, changes, changesTop, changesHeight);
        if (warningsHeight > 0) {
            earlyWarningsLane(svg, changeLabels, i, scale, warningsTop, warningsHeight, lanesTop, axisY);
        }
        for (int n = 0; n < lanes.size(); n++) {
            lane(svg, i, scale, lanes.get(n), lanesTop + n * LANE);
        }
        for (Change c : changes) {
            double x = scale.x(c.at());
            svg.append("<line class=\"change-guide\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
                    .append(num(lanesTop)).append("\" y2=\"").append(num(axisY))
                    .append("\" stroke=\"#56627a\" stroke-opacity=\".35\" stroke-dasharray=\"2 3\"/>\n");
        }

        svg.append("<g class=\"markers\">\n");
        for (int k = 0; k < markers.size(); k++) {
            MarkerAt m = markers.get(k);
            Slot slot = markerSlots.get(k);
            double x = markerXs.get(k);
            double rowTop = TOP + slot.row() * MARKER_ROW;
            svg.append("<line class=\"marker\" data-marker=\"").append(m.name()).append("\" data-at=\"").append(m.at())
                    .append("\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"").append(num(rowTop + 1))
                    .append("\" y2=\"").append(num(axisY)).append("\" stroke=\"").append(m.color()).append('"')
                    .append(m.name().equals("UNRECORDED_ALERT") ? " stroke-dasharray=\"6 3\"" : "").append("><title>")
                    .append(esc(m.label() + " " + Text.dateTime(m.at()))).append("</title></line>\n");
            svg.append("<text class=\"marker-label\" data-marker=\"").append(m.name()).append("\" x=\"")
                    .append(num(slot.flipped() ? x - 4 : x + 4)).append("\" y=\"").append(num(rowTop + MARKER_ROW - 3))
                    .append("\" fill=\"").append(m.color()).append('"').append(slot.flipped() ? " text-anchor=\"end\"" : "")
                    .append('>').append(esc(markerLabels.get(k))).append("</text>\n");
        }
        svg.append("</g>\n");
        // Change labels last, each on a patch of the lane's colour, so no marker line runs through them.
        svg.append("<g class=\"change-labels\">\n").append(changeLabels).append("</g>\n</svg>\n");
        return svg.toString();
    }

    /** The window: every instant the incident knows, padded; an open incident gets room on the right. */
    static Scale scale(Incident i) {
        List<Instant> all = new ArrayList<>();
        for (Instant t : new Instant[] {i.begin(), i.detect(), i.ack(), i.recorded(), i.end(), i.unrecordedAlertAt()}) {
            if (t != null) {
                all.add(t);
            }
        }
        for (Entry e : i.entries()) {
            if (e.type() == SignalType.TICK) {
                continue;
            }
            if (e.at() != null) {
                all.add(e.at());
            }
            if (e.lastAt() != null) {
                all.add(e.lastAt());
            }
        }
        for (TriggerCandidate c : i.triggerCandidates()) {
            if (c.at() != null) {
                all.add(c.at());
            }
        }
        for (EarlyWarning w : i.earlyWarnings()) {
            if (w.at() != null) {
                all.add(w.at());
            }
        }
        long lo = all.stream().mapToLong(Instant::toEpochMilli).min().orElse(0);
        long hi = all.stream().mapToLong(Instant::toEpochMilli).max().orElse(lo);
        long span = Math.max(hi - lo, MINUTE);
        long pad = Math.max(span / 25, SECOND);
        long openRoom = i.end() == null ? span / 8 : 0;
        return new Scale(lo - pad, Math.max(hi, lo + span) + pad + openRoom);
    }

    /**
     * A lane per service, in the incident's order (every service gets one, even with nothing to
     * draw), split by check where its signals name checks, each in order of first appearance.
     */
    static List<Lane> lanes(Incident i) {
        Map<String, Map<String, List<Entry>>> byService = new LinkedHashMap<>();
        for (String s : i.services()) {
            byService.computeIfAbsent(s == null ? NO_SERVICE : s, k -> new LinkedHashMap<>());
        }
        for (Entry e : sortedEntries(i)) {
            if (e.type() == null || !drawnInLane(e.type())) {
                continue;
            }
            String service = e.service() == null || e.service().isBlank() ? NO_SERVICE : e.service();
            // Keys may not be null in the order-keeping map; "" stands for "no check".
            byService.computeIfAbsent(service, k -> new LinkedHashMap<>())
                    .computeIfAbsent(e.check() == null ? "" : e.check(), k -> new ArrayList<>()).add(e);
        }
        List<Lane> lanes = new ArrayList<>();
        byService.forEach((service, checks) -> {
            if (checks.isEmpty()) {
                lanes.add(new Lane(service, null, List.of()));
            }
            checks.forEach((check, entries) -> lanes.add(new Lane(service, check.isEmpty() ? null : check, List.copyOf(entries))));
        });
        return lanes;
    }

    private static boolean drawnInLane(SignalType t) {
        return t == SignalType.FAILING || t == SignalType.RECOVERED || t == SignalType.ERROR || t == SignalType.REPORT;
    }

    /** CHANGE entries and trigger candidates, one tick each (a candidate that is also an entry once). */
    static List<Change> changes(Incident i) {
        Map<String, Change> byKey = new TreeMap<>();
        for (Entry e : i.entries()) {
            if (e.type() == SignalType.CHANGE && e.at() != null) {
                byKey.putIfAbsent(key(e.at(), e.service(), e.summary()), new Change(e.at(), e.service(), e.summary(), false));
            }
        }
        for (TriggerCandidate c : i.triggerCandidates()) {
            if (c.at() != null) {
                byKey.put(key(c.at(), c.service(), c.summary()), new Change(c.at(), c.service(), c.summary(), true));
            }
        }
        return byKey.values().stream().sorted(Comparator.comparing(Change::at)).toList();
    }

    private static String key(Instant at, String service, String summary) {
        return at + "\u0000" + Objects.toString(service, "") + "\u0000" + Objects.toString(summary, "");
    }

    /** The markers the incident has, in time order (ties in the order of DESIGN section 5). */
    static List<MarkerAt> markers(Incident i) {
        List<MarkerAt> m = new ArrayList<>();
        add(m, "BEGIN", "BEGIN", i.begin(), "#c0262d");
        add(m, "DETECT", "DETECT", i.detect(), "#d65f00");
        add(m, "ACK", "ACK", i.ack(), "#7b3fc4");
        add(m, "RECORDED", "RECORDED", i.recorded(), "#1f5fbf");
        add(m, "END", i.endInferred() ? "END (inferred)" : "END", i.end(), "#2e8b47");
        add(m, "UNRECORDED_ALERT", "UNRECORDED ALERT", i.unrecordedAlertAt(), "#b0007a");
        m.sort(Comparator.comparing(MarkerAt::at)); // stable: ties keep the order above
        return m;
    }

    private static void add(List<MarkerAt> m, String name, String label, Instant at, String color) {
        if (at != null) {
            m.add(new MarkerAt(name, label, at, color));
        }
    }

    private static List<Entry> sortedEntries(Incident i) {
        return i.entries().stream().filter(e -> e.at() != null).sorted(Comparator.comparing(Entry::at)).toList();
    }

    /**
     * Lays out labels left to right: each goes right of its x (or left of it when it would leave
     * the picture) in the first row where it overlaps no other label; row -1 when all
     * {@code maxRows} are taken at that point.
     */
    static List<Slot> stack(List<Double> xs, List<Double> widths, int maxRows) {
        List<List<double[]>> rows = new ArrayList<>();
        List<Slot> slots = new ArrayList<>();
        for (int k = 0; k < xs.size(); k++) {
            double x = xs.get(k);
            double w = widths.get(k);
            double start = x + 4;
            boolean flipped = false;
            if (start + w > WIDTH - 4) {
                start = x - 4 - w;
                flipped = true;
            }
            int row = -1;
            for (int r = 0; r < rows.size() && row < 0; r++) {
                boolean free = true;
                for (double[] used : rows.get(r)) {
                    if (start < used[1] + 8 && start + w + 8 > used[0]) {
                        free = false;
                        break;
                    }
                }
                if (free) {
                    row = r;
                }
            }
            if (row < 0 && rows.size() < maxRows) {
                rows.add(new ArrayList<>());
                row = rows.size() - 1;
            }
            if (row >= 0) {
                rows.get(row).add(new double[] {start, start + w});
            }
            slots.add(new Slot(row, start, flipped));
        }
        return slots;
    }

    /**
     * How wide a label will be, estimated without a browser from the widths of DejaVu Sans (what a
     * Debian server's Chromium falls back to, and wider than most system UI fonts, so the estimate
     * errs on the side of more room): capitals and digits are wide, spaces and colons narrow.
     */
    static double textWidth(String s, boolean bold, double size) {
        double em = 0;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == ' ') {
                em += bold ? 0.35 : 0.32;
            } else if (":.,;'|!iljt()".indexOf(c) >= 0) {
                em += bold ? 0.42 : 0.36;
            } else if (c >= '0' && c <= '9') {
                em += bold ? 0.70 : 0.64;
            } else if (c >= 'A' && c <= 'Z' || c == 'm' || c == 'w') {
                em += bold ? 0.82 : 0.74;
            } else if (c >= 'a' && c <= 'z') {
                em += bold ? 0.64 : 0.58;
            } else {
                em += bold ? 0.72 : 0.64;
            }
        }
        return em * size;
    }

    /** Tick instants: a round step giving at most {@value #MAX_TICKS} ticks, aligned to it in UTC. */
    static List<Instant> ticks(Scale s) {
        long step = STEPS[STEPS.length - 1];
        for (long candidate : STEPS) {
            if (s.range() / candidate <= MAX_TICKS - 1) {
                step = candidate;
                break;
            }
        }
        List<Instant> ticks = new ArrayList<>();
        for (long t = Math.floorDiv(s.fromMillis() + step - 1, step) * step; t <= s.toMillis(); t += step) {
            ticks.add(Instant.ofEpochMilli(t));
        }
        return ticks;
    }

    private static String tickLabel(Instant t, Instant previous, long step) {
        if (step >= DAY_MS) {
            return MD.format(t);
        }
        String time = (step < MINUTE ? HMS : HM).format(t);
        boolean newDay = previous != null && !DAY.format(previous).equals(DAY.format(t));
        return newDay ? MD.format(t) + " " + time : time;
    }

    private static void axis(StringBuilder svg, Scale scale, double top, double axisY) {
        List<Instant> ticks = ticks(scale);
        long step = ticks.size() > 1 ? ticks.get(1).toEpochMilli() - ticks.get(0).toEpochMilli() : MINUTE;
        svg.append("<g class=\"axis-ticks\">\n");
        Instant previous = scale.from();
        for (Instant t : ticks) {
            double x = scale.x(t);
            String label = tickLabel(t, previous, step);
            previous = t;
            svg.append("<line class=\"grid\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
                    .append(num(top)).append("\" y2=\"").append(num(axisY)).append("\"/>\n");
            svg.append("<line class=\"axis\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x)).append("\" y1=\"")
                    .append(num(axisY)).append("\" y2=\"").append(num(axisY + 5)).append("\"/>\n");
            double w = textWidth(label, false, 11);
            String anchor = x + w / 2 > WIDTH - 2 ? "end" : "middle";
            svg.append("<text class=\"tick-label\" data-at=\"").append(t).append("\" x=\"").append(num(x)).append("\" y=\"")
                    .append(num(axisY + 18)).append("\" text-anchor=\"").append(anchor).append("\">").append(esc(label))
                    .append("</text>\n");
        }
        svg.append("<line class=\"axis\" x1=\"").append(num(PLOT_LEFT)).append("\" x2=\"").append(num(PLOT_RIGHT))
                .append("\" y1=\"").append(num(axisY)).append("\" y2=\"").append(num(axisY)).append("\"/>\n");
        svg.append("<line class=\"axis\" x1=\"").append(num(PLOT_LEFT)).append("\" x2=\"").append(num(PLOT_LEFT))
                .append("\" y1=\"").append(num(top)).append("\" y2=\"").append(num(axisY)).append("\"/>\n");
        svg.append("<text class=\"axis-caption\" x=\"10\" y=\"").append(num(axisY + 18)).append("\">")
                .append(esc("UTC, from " + DAY.format(scale.from()))).append("</text>\n");
        svg.append("</g>\n");
    }

    private static void changesLane(StringBuilder svg, StringBuilder labelsOut, Incident i, Scale scale, List<Change> changes,
            double top, double height) {
        svg.append("<g class=\"changes\" data-lane=\"changes\">\n");
        svg.append("<text class=\"lane-label\" x=\"10\" y=\"").append(num(top + height / 2 + 4))
                .append("\"><tspan class=\"svc\">changes</tspan><tspan class=\"chk\"> · deploys, upgrades</tspan></text>\n");
        if (changes.isEmpty()) {
            svg.append("<text class=\"none\" x=\"").append(num(PLOT_LEFT + 8)).append("\" y=\"").append(num(top + height / 2 + 4))
                    .append("\">no change signalled</text>\n");
        }
        List<String> labels = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        List<Double> widths = new ArrayList<>();
        boolean oneService = i.services().size() <= 1;
        for (Change c : changes) {
            boolean ownService = oneService && i.services().contains(c.service());
            String label = Text.cut((ownService || c.service() == null ? "" : c.service() + ": ") + Objects.toString(c.summary(), ""), 44);
            labels.add(label);
            xs.add(scale.x(c.at()));
            widths.add(textWidth(label, false, 10.5));
        }
        List<Slot> slots = stack(xs, widths, CHANGE_ROWS);
        for (int k = 0; k < changes.size(); k++) {
            Change c = changes.get(k);
            double x = xs.get(k);
            String tooltip = (c.trigger() ? "Trigger candidate, " : "Change, ") + Text.dateTime(c.at()) + ", "
                    + Objects.toString(c.service(), NO_SERVICE) + ": " + Objects.toString(c.summary(), "");
            svg.append("<line class=\"change\" data-at=\"").append(c.at()).append("\" data-service=\"").append(esc(c.service()))
                    .append("\" data-trigger=\"").append(c.trigger()).append("\" x1=\"").append(num(x)).append("\" x2=\"")
                    .append(num(x)).append("\" y1=\"").append(num(top + 3)).append("\" y2=\"").append(num(top + height - 3))
                    .append("\"><title>").append(esc(tooltip)).append("</title></line>\n");
            Slot slot = slots.get(k);
            if (slot.row() >= 0) {
                double baseline = top + 5 + (slot.row() + 1) * CHANGE_ROW - 2;
                labelsOut.append("<rect class=\"change-label-bg\" x=\"").append(num(slot.start() - 1)).append("\" y=\"")
                        .append(num(baseline - 9)).append("\" width=\"").append(num(widths.get(k) + 2))
                        .append("\" height=\"12\" rx=\"2\"/>\n");
                labelsOut.append("<text class=\"change-label\" x=\"").append(num(slot.flipped() ? x - 4 : x + 4)).append("\" y=\"")
                        .append(num(baseline)).append('"')
                        .append(slot.flipped() ? " text-anchor=\"end\"" : "").append('>').append(esc(labels.get(k)))
                        .append("<title>").append(esc(tooltip)).append("</title></text>\n");
            }
        }
        svg.append("</g>\n");
    }

    /**
     * The early warnings as amber triangles pointing up, before BEGIN, each with a dashed guide
     * down through the service lanes and a label (service and summary) where there is room; the
     * lead time is in the mark's tooltip and its {@code data-lead-seconds}.
     */
    private static void earlyWarningsLane(StringBuilder svg, StringBuilder labelsOut, Incident i, Scale scale, double top,
            double height, double lanesTop, double axisY) {
        List<EarlyWarning> warnings = i.earlyWarnings().stream().filter(w -> w.at() != null)
                .sorted(Comparator.comparing(EarlyWarning::at)).toList();
        svg.append("<g class=\"early-warnings\" data-lane=\"early-warnings\">\n");
        svg.append("<text class=\"lane-label\" x=\"10\" y=\"").append(num(top + height / 2 + 4))
                .append("\"><tspan class=\"svc\">early warnings</tspan><tspan class=\"chk\"> · before BEGIN</tspan></text>\n");
        List<String> labels = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        List<Double> widths = new ArrayList<>();
        for (EarlyWarning w : warnings) {
            String label = Text.cut(Objects.toString(w.service(), NO_SERVICE) + ": " + Objects.toString(w.summary(), ""), 44);
            labels.add(label);
            xs.add(scale.x(w.at()));
            widths.add(textWidth(label, false, 10.5));
        }
        // Labels start clear of the triangle: laid out as if each mark stood 4 px further right.
        List<Slot> slots = stack(xs.stream().map(x -> x + 4).toList(), widths, CHANGE_ROWS);
        double mid = top + 8;
        for (int k = 0; k < warnings.size(); k++) {
            EarlyWarning w = warnings.get(k);
            double x = xs.get(k);
            String tooltip = "Early warning, " + Text.duration(w.leadSeconds()) + " before the outage began: "
                    + Text.dateTime(w.at()) + ", " + Objects.toString(w.source(), "?") + ", "
                    + Objects.toString(w.service(), NO_SERVICE) + " (" + Objects.toString(w.severity(), "no severity") + "): "
                    + Objects.toString(w.summary(), "");
            svg.append("<line class=\"early-warning-guide\" x1=\"").append(num(x)).append("\" x2=\"").append(num(x))
                    .append("\" y1=\"").append(num(lanesTop)).append("\" y2=\"").append(num(axisY))
                    .append("\" stroke=\"#c98a00\" stroke-opacity=\".45\" stroke-dasharray=\"1 3\"/>\n");
            svg.append("<path class=\"early-warning\" data-at=\"").append(w.at()).append("\" data-lead-seconds=\"")
                    .append(w.leadSeconds()).append("\" data-service=\"").append(esc(w.service())).append("\" data-severity=\"")
                    .append(esc(w.severity())).append("\" d=\"M").append(num(x)).append(',').append(num(mid - 6)).append(" L")
                    .append(num(x + 6)).append(',').append(num(mid + 5)).append(" L").append(num(x - 6)).append(',')
                    .append(num(mid + 5)).append(" Z\"><title>").append(esc(tooltip)).append("</title></path>\n");
            Slot slot = slots.get(k);
            if (slot.row() >= 0) {
                double baseline = top + 5 + (slot.row() + 1) * CHANGE_ROW - 2;
                labelsOut.append("<rect class=\"early-warning-label-bg\" x=\"").append(num(slot.start() - 1)).append("\" y=\"")
                        .append(num(baseline - 9)).append("\" width=\"").append(num(widths.get(k) + 2))
                        .append("\" height=\"12\" rx=\"2\"/>\n");
                labelsOut.append("<text class=\"early-warning-label\" x=\"").append(num(slot.start()))
                        .append("\" y=\"").append(num(baseline)).append("\">").append(esc(labels.get(k)))
                        .append("<title>").append(esc(tooltip)).append("</title></text>\n");
            }
        }
        svg.append("</g>\n");
    }

    private static void lane(StringBuilder svg, Incident i, Scale scale, Lane lane, double top) {
        double mid = top + LANE / 2.0;
        svg.append("<g class=\"lane\" data-lane=\"").append(esc(lane.name())).append("\" data-service=\"")
                .append(esc(lane.service())).append('"');
        if (lane.check() != null) {
            svg.append(" data-check=\"").append(esc(lane.check())).append('"');
        }
        svg.append(">\n");
        laneLabel(svg, lane, mid);

        StringBuilder failing = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        StringBuilder points = new StringBuilder();
        Instant openFrom = null;
        Entry opener = null;
        int failures = 0;
        for (Entry e : lane.entries()) {
            switch (e.type()) {
                case FAILING -> {
                    if (openFrom == null) {
                        openFrom = e.at();
                        opener = e;
                        failures = 0;
                    }
                    failures += Math.max(1, e.count());
                }
                case RECOVERED -> {
                    if (openFrom != null) {
                        failingSpan(failing, scale, mid, opener, openFrom, e.at(), false, failures);
                        openFrom = null;
                    } else {
                        link(points, e, "<circle class=\"recovered\" data-at=\"" + e.at() + "\" cx=\"" + num(scale.x(e.at()))
                                + "\" cy=\"" + num(mid) + "\" r=\"4\"><title>" + esc(tooltip("recovered", e)) + "</title></circle>");
                    }
                }
                case ERROR -> {
                    if (e.count() > 1 && e.lastAt() != null && e.lastAt().isAfter(e.at())) {
                        double x1 = scale.x(e.at());
                        double x2 = Math.max(scale.x(e.lastAt()), x1 + 3);
                        link(errors, e, "<rect class=\"span\" data-kind=\"errors\" data-from=\"" + e.at() + "\" data-to=\""
                                + e.lastAt() + "\" data-count=\"" + e.count() + "\" x=\"" + num(x1) + "\" y=\"" + num(mid - 5)
                                + "\" width=\"" + num(x2 - x1) + "\" height=\"10\" rx=\"2\"><title>"
                                + esc(tooltip(e.count() + " errors", e)) + "</title></rect>");
                        String count = e.count() + "×";
                        if (x2 + 4 + textWidth(count, false, 10) < WIDTH) {
                            errors.append("<text class=\"count\" x=\"").append(num(x2 + 4)).append("\" y=\"").append(num(mid + 4))
                                    .append("\">").append(count).append("</text>\n");
                        }
                    } else {
                        link(points, e, "<circle class=\"error\" data-at=\"" + e.at() + "\" data-count=\"" + e.count()
                                + "\" cx=\"" + num(scale.x(e.at())) + "\" cy=\"" + num(mid) + "\" r=\"4.5\"><title>"
                                + esc(tooltip(e.count() > 1 ? e.count() + " errors" : "error", e)) + "</title></circle>");
                    }
                }
                case REPORT -> {
                    double x = scale.x(e.at());
                    link(points, e, "<path class=\"report\" data-at=\"" + e.at() + "\" d=\"M" + num(x) + "," + num(mid - 6) + " L"
                            + num(x + 6) + "," + num(mid) + " L" + num(x) + "," + num(mid + 6) + " L" + num(x - 6) + ","
                            + num(mid) + " Z\"><title>" + esc(tooltip("reported by a person", e)) + "</title></path>");
                }
                default -> { }
            }
        }
        if (openFrom != null) {
            boolean stillOpen = i.end() == null || i.end().isBefore(openFrom);
            failingSpan(failing, scale, mid, opener, openFrom, stillOpen ? scale.to() : i.end(), stillOpen, failures);
        }
        svg.append(failing).append(errors).append(points).append("</g>\n");
    }

    private static void laneLabel(StringBuilder svg, Lane lane, double mid) {
        int room = (int) ((PLOT_LEFT - 20) / CHAR);
        String service = lane.service();
        String check = lane.check();
        if (check != null && service.length() + 3 + check.length() > room) {
            int forCheck = Math.max(8, room - 3 - Math.min(service.length(), room / 2));
            check = Text.cut(check, forCheck);
        }
        service = Text.cut(service, check == null ? room : Math.max(8, room - 3 - check.length()));
        svg.append("<text class=\"lane-label\" x=\"10\" y=\"").append(num(mid + 4)).append("\"><title>").append(esc(lane.name()))
                .append("</title><tspan class=\"svc\">").append(esc(service)).append("</tspan>");
        if (check != null) {
            svg.append("<tspan class=\"chk\"> · ").append(esc(check)).append("</tspan>");
        } else if (!lane.entries().isEmpty()) {
            // Signals without a check: say what they are, so the lane does not read as the service's health.
            boolean reportsOnly = lane.entries().stream().allMatch(e -> e.type() == SignalType.REPORT);
            svg.append("<tspan class=\"chk\"> · ").append(reportsOnly ? "reported by people" : "signals without a check")
                    .append("</tspan>");
        }
        svg.append("</text>\n");
    }

    private static void failingSpan(StringBuilder out, Scale scale, double mid, Entry opener, Instant from, Instant to,
            boolean open, int failures) {
        double x1 = scale.x(from);
        double x2 = Math.max(scale.x(to), x1 + 3);
        String what = "failing " + Text.time(from) + " to " + (open ? "still failing" : Text.time(to) + " ("
                + Text.duration(Duration.between(from, to).getSeconds()) + ")") + (failures > 1 ? ", failed " + failures + " times" : "");
        link(out, opener, "<rect class=\"span\" data-kind=\"failing\" data-from=\"" + from + "\" data-to=\"" + to
                + "\" data-open=\"" + open + "\" x=\"" + num(x1) + "\" y=\"" + num(mid - 8) + "\" width=\"" + num(x2 - x1)
                + "\" height=\"16\" rx=\"2\"><title>" + esc(tooltip(what, opener)) + "</title></rect>");
        if (open) {
            out.append("<path class=\"open-arrow\" d=\"M").append(num(x2)).append(',').append(num(mid - 8)).append(" L")
                    .append(num(x2 + 9)).append(',').append(num(mid)).append(" L").append(num(x2)).append(',')
                    .append(num(mid + 8)).append(" Z\"><title>still failing</title></path>\n");
        }
    }

    private static String tooltip(String what, Entry e) {
        return what + ", " + Text.dateTime(e.at()) + (e.lastAt() != null && e.count() > 1 && e.lastAt().isAfter(e.at())
                ? " to " + Text.time(e.lastAt()) : "") + " — " + Objects.toString(e.source(), "?") + ": "
                + Objects.toString(e.summary(), "");
    }

    /** Wraps a shape in an anchor when its entry has an http(s) link; other links are never followed. */
    private static void link(StringBuilder out, Entry e, String shape) {
        String href = Html.href(e.link());
        if (href == null) {
            out.append(shape).append('\n');
        } else {
            out.append("<a href=\"").append(href).append("\" target=\"_blank\" rel=\"noopener noreferrer\">").append(shape)
                    .append("</a>\n");
        }
    }
}
