package timelines.sink.drafts;

import java.util.Locale;

/**
 * Which payload links may become links, in the Markdown draft, the HTML page and the SVG timeline
 * alike: an absolute {@code http} or {@code https} URL with a host. Anything else ({@code
 * javascript:}, {@code data:}, {@code vbscript:}, a scheme that merely starts with "http", a
 * protocol-relative {@code //host}, a relative path) stays text: a link from a payload is written
 * by whoever can post to a webhook, and one rule in one place keeps the three renderings from
 * disagreeing about it.
 */
public final class WebLink {
    private WebLink() {}

    /** The link without surrounding white space when it is a web link, else null. */
    public static String of(String link) {
        if (link == null) {
            return null;
        }
        String l = link.strip();
        String lower = l.toLowerCase(Locale.ROOT);
        int rest;
        if (lower.startsWith("https://")) {
            rest = "https://".length();
        } else if (lower.startsWith("http://")) {
            rest = "http://".length();
        } else {
            return null;
        }
        return hasHost(l, rest) ? l : null;
    }

    /** Whether the authority after {@code ://} names a host (not empty, not only user info or a port). */
    private static boolean hasHost(String l, int from) {
        int end = from;
        while (end < l.length() && "/?#\\".indexOf(l.charAt(end)) < 0) {
            end++;
        }
        String authority = l.substring(from, end);
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        int port = host.lastIndexOf(':');
        if (port >= 0 && !host.endsWith("]")) {
            host = host.substring(0, port);
        }
        return !host.isBlank();
    }
}
