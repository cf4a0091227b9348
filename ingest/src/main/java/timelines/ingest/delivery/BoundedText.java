package timelines.ingest.delivery;

/**
 * Text from payloads, bounded in length and made safe to log. Pure; each function answers the
 * same string when nothing changes, so the guards can tell what they adjusted.
 */
public final class BoundedText {
    /** Ends a cut text, so nobody takes it for the whole. */
    static final String CUT = "…";
    /** Stands for a control character in a name: visible, and not a line break. */
    static final char REPLACEMENT = '\uFFFD';

    private BoundedText() {}

    /** At most {@code max} characters, the last being {@link #CUT}, never splitting a surrogate pair. */
    public static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        int end = max - CUT.length();
        if (Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end) + CUT;
    }

    /** Without surrounding whitespace (a trailing newline from a template, say). */
    static String trim(String s) {
        return s == null || !hasEdgeWhitespace(s) ? s : s.strip();
    }

    /**
     * A name (env, service, check, label) on one line: every control character and line separator
     * replaced, so a name written to a log cannot start a forged line of its own.
     */
    public static String oneLine(String s) {
        return s == null ? null : replaceControls(s, false);
    }

    /**
     * Prose (a summary, a title): line breaks and tabs become spaces, other control characters
     * (escape sequences for a terminal, NUL) are replaced. An incident's title, which the sink logs,
     * is made from a summary.
     */
    static String prose(String s) {
        return s == null ? null : replaceControls(s, true);
    }

    private static boolean hasEdgeWhitespace(String s) {
        return !s.isEmpty() && (Character.isWhitespace(s.charAt(0)) || Character.isWhitespace(s.charAt(s.length() - 1)));
    }

    private static String replaceControls(String s, boolean spaces) {
        int first = -1;
        for (int i = 0; i < s.length(); i++) {
            if (isControl(s.charAt(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length()).append(s, 0, first);
        for (int i = first; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isControl(c)) {
                b.append(c);
            } else if (spaces && c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                // CRLF is one line break: one space.
            } else {
                b.append(spaces && (c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029')
                        ? ' ' : REPLACEMENT);
            }
        }
        return b.toString();
    }

    /** C0 and C1 control characters (line breaks, tab, ESC, NUL, NEL) and the Unicode line and paragraph separators. */
    private static boolean isControl(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
    }
}
