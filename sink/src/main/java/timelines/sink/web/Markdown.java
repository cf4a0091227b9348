package timelines.sink.web;

import static timelines.sink.web.Html.esc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough Markdown to show a draft as a page: ATX headings, paragraphs, "- " lists, pipe
 * tables, and inline strong, emphasis, code spans, backslash escapes and links. Nothing from the
 * input reaches the output unescaped: text is escaped character by character, only the five HTML
 * entities the draft renderer itself writes pass through, and a link becomes an anchor only for an
 * http or https URL. Tags opened on a line are closed on it, so the output is always well formed.
 */
final class Markdown {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern SEPARATOR_CELL = Pattern.compile("^\\s*:?-{1,}:?\\s*$");
    private static final Pattern ENTITY = Pattern.compile("&(lt|gt|amp|quot|#39);");

    private Markdown() {}

    /** Converts a draft; headings move one level down ({@code #} becomes {@code h2}) under the page's own h1. */
    static String toHtml(String md) {
        StringBuilder out = new StringBuilder(md == null ? 16 : md.length() * 2);
        if (md == null) {
            return "";
        }
        List<String> lines = md.replace("\r\n", "\n").replace('\r', '\n').lines().toList();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher h = HEADING.matcher(line);
            if (line.isBlank()) {
                i++;
            } else if (h.matches()) {
                int level = Math.min(6, h.group(1).length() + 1);
                out.append("<h").append(level).append('>').append(inline(h.group(2), true)).append("</h").append(level).append(">\n");
                i++;
            } else if (line.startsWith("|")) {
                List<List<String>> rows = new ArrayList<>();
                while (i < lines.size() && lines.get(i).startsWith("|")) {
                    rows.add(cells(lines.get(i++)));
                }
                table(out, rows);
            } else if (isItem(line)) {
                out.append("<ul>\n");
                while (i < lines.size() && isItem(lines.get(i))) {
                    out.append("<li>").append(inline(lines.get(i++).substring(1).strip(), true)).append("</li>\n");
                }
                out.append("</ul>\n");
            } else {
                List<String> para = new ArrayList<>();
                while (i < lines.size() && !lines.get(i).isBlank() && !HEADING.matcher(lines.get(i)).matches()
                        && !lines.get(i).startsWith("|") && !isItem(lines.get(i))) {
                    para.add(lines.get(i++).strip());
                }
                out.append("<p>").append(inline(String.join(" ", para), true)).append("</p>\n");
            }
        }
        return out.toString();
    }

    private static boolean isItem(String line) {
        return line.startsWith("- ") || line.equals("-");
    }

    /** Splits a table row on every pipe that is not backslash-escaped; escapes stay for {@link #inline}. */
    static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        String r = row.strip();
        int end = r.endsWith("|") && !r.endsWith("\\|") && r.length() > 1 ? r.length() - 1 : r.length();
        for (int k = 1; k < end; k++) {
            char c = r.charAt(k);
            if (c == '\\' && k + 1 < end) {
                cell.append(c).append(r.charAt(++k));
            } else if (c == '|') {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().strip());
        return cells;
    }

    private static void table(StringBuilder out, List<List<String>> rows) {
        boolean header = rows.size() >= 2 && rows.get(1).stream().allMatch(c -> SEPARATOR_CELL.matcher(c).matches());
        int columns = rows.get(0).size();
        out.append("<table>\n");
        if (header) {
            out.append("<thead><tr>");
            for (String c : rows.get(0)) {
                out.append("<th>").append(inline(c, true)).append("</th>");
            }
            out.append("</tr></thead>\n");
        }
        out.append("<tbody>\n");
        for (int r = header ? 2 : 0; r < rows.size(); r++) {
            out.append("<tr>");
            List<String> row = rows.get(r);
            for (int c = 0; c < columns; c++) {
                out.append("<td>").append(c < row.size() ? inline(row.get(c), true) : "").append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    /** Inline markup of one line of text; {@code links} is false inside a link's own text. */
    static String inline(String s, boolean links) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        Deque<String> open = new ArrayDeque<>();
        int k = 0;
        while (k < s.length()) {
            char c = s.charAt(k);
            if (c == '\\' && k + 1 < s.length() && isPunctuation(s.charAt(k + 1))) {
                out.append(esc(String.valueOf(s.charAt(k + 1))));
                k += 2;
            } else if (c == '`') {
                int run = run(s, k, '`');
                int close = closingRun(s, k + run, run);
                if (close < 0) {
                    out.append("`".repeat(run));
                } else {
                    String code = s.substring(k + run, close);
                    if (code.length() >= 2 && code.startsWith(" ") && code.endsWith(" ") && !code.isBlank()) {
                        code = code.substring(1, code.length() - 1);
                    }
                    out.append("<code>").append(esc(code)).append("</code>");
                    k = close;
                }
                k += run;
            } else if (c == '*' && k + 1 < s.length() && s.charAt(k + 1) == '*') {
                toggle(out, open, "strong", "**");
                k += 2;
            } else if (c == '_' && emphasisEdge(s, k, open.contains("em"))) {
                toggle(out, open, "em", "_");
                k++;
            } else if (c == '[' && links && link(s, k) != null) {
                int[] at = link(s, k);
                String text = inline(s.substring(k + 1, at[0]), false);
                String href = Html.href(s.substring(at[0] + 2, at[1]));
                if (href == null) {
                    out.append(text);
                } else {
                    out.append("<a href=\"").append(href).append("\" rel=\"nofollow noopener noreferrer\">").append(text).append("</a>");
                }
                k = at[1] + 1;
            } else if (c == '&') {
                Matcher m = ENTITY.matcher(s).region(k, s.length());
                if (m.lookingAt()) {
                    out.append(m.group());
                    k = m.end();
                } else {
                    out.append("&amp;");
                    k++;
                }
            } else {
                out.append(esc(String.valueOf(c)));
                k++;
            }
        }
        while (!open.isEmpty()) {
            out.append("</").append(open.pop()).append('>');
        }
        return out.toString();
    }

    /** Closes the tag when it is the innermost open one, opens it when it is not open; else the marks are text. */
    private static void toggle(StringBuilder out, Deque<String> open, String tag, String marks) {
        if (tag.equals(open.peek())) {
            open.pop();
            out.append("</").append(tag).append('>');
        } else if (open.contains(tag)) {
            out.append(esc(marks));
        } else {
            open.push(tag);
            out.append('<').append(tag).append('>');
        }
    }

    /** An underscore opens emphasis before a word and closes it after one (not inside {@code a_b}). */
    private static boolean emphasisEdge(String s, int k, boolean closing) {
        char before = k == 0 ? ' ' : s.charAt(k - 1);
        char after = k + 1 >= s.length() ? ' ' : s.charAt(k + 1);
        return closing
                ? !Character.isWhitespace(before) && !Character.isLetterOrDigit(after)
                : !Character.isLetterOrDigit(before) && !Character.isWhitespace(after);
    }

    /** {@code [text](url)} starting at k: the index of "](" and of the closing ")", or null. */
    private static int[] link(String s, int k) {
        for (int j = k + 1; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '\\') {
                j++;
            } else if (c == '[') {
                return null;
            } else if (c == ']') {
                if (j + 1 >= s.length() || s.charAt(j + 1) != '(') {
                    return null;
                }
                for (int e = j + 2; e < s.length(); e++) {
                    char u = s.charAt(e);
                    if (u == ')') {
                        return new int[] {j, e};
                    }
                    if (Character.isWhitespace(u) || u == '(' || u == '<') {
                        return null;
                    }
                }
                return null;
            }
        }
        return null;
    }

    private static int run(String s, int k, char c) {
        int n = 0;
        while (k + n < s.length() && s.charAt(k + n) == c) {
            n++;
        }
        return n;
    }

    /** The start of the next run of exactly {@code run} backticks from {@code from}, or -1. */
    private static int closingRun(String s, int from, int run) {
        for (int j = from; j < s.length(); ) {
            if (s.charAt(j) == '`') {
                int n = run(s, j, '`');
                if (n == run) {
                    return j;
                }
                j += n;
            } else {
                j++;
            }
        }
        return -1;
    }

    private static boolean isPunctuation(char c) {
        return c < 0x80 && "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~".indexOf(c) >= 0;
    }
}
