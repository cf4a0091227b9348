package timelines.contracts;

/**
 * Text made safe for HTML element content and quoted attribute values: the pages of ingest and
 * the sink write payload text (summaries, reasons, links), none of it trusted.
 */
public final class HtmlText {
    private HtmlText() {}

    /** Escapes the five markup characters; other control characters but newline and tab become spaces. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
