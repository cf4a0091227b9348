package timelines.sink.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkdownTest {

    @Test
    void shouldShiftHeadingsUnderThePagesOwnTitle() {
        assertThat(Markdown.toHtml("# Title\n\n## Summary (prod)\n\n### What went well\n"))
                .isEqualTo("<h2>Title</h2>\n<h3>Summary (prod)</h3>\n<h4>What went well</h4>\n");
    }

    @Test
    void shouldRenderParagraphsListsAndInlineMarkup() {
        String html = Markdown.toHtml("Changes, **nearest** first:\nsecond line\n\n- one `a_b|c`\n- _fill in_\n\nend");

        assertThat(html).isEqualTo("<p>Changes, <strong>nearest</strong> first: second line</p>\n"
                + "<ul>\n<li>one <code>a_b|c</code></li>\n<li><em>fill in</em></li>\n</ul>\n<p>end</p>\n");
    }

    @Test
    void shouldRenderATableWithItsHeaderAndEscapedPipesInCells() {
        String html = Markdown.toHtml("| Time | Details |\n|---|---|\n| 09:29 | a \\| b \\_c\\_ |\n| 10:00 |\n");

        assertThat(html).isEqualTo("<table>\n<thead><tr><th>Time</th><th>Details</th></tr></thead>\n<tbody>\n"
                + "<tr><td>09:29</td><td>a | b _c_</td></tr>\n<tr><td>10:00</td><td></td></tr>\n</tbody>\n</table>\n");
    }

    @Test
    void shouldEscapeRawHtmlAndPassOnlyTheDraftsOwnEntities() {
        String html = Markdown.inline("<script>alert('x')</script> &lt;ok&gt; &amp; &copy; &#x3C;img& \"q\"", true);

        assertThat(html).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &lt;ok&gt; &amp; &amp;copy; "
                + "&amp;#x3C;img&amp; &quot;q&quot;");
    }

    @Test
    void shouldMakeAnchorsOnlyOfHttpLinks() {
        assertThat(Markdown.inline("([source](https://x.example/a?b=1&c=2))", true))
                .isEqualTo("(<a href=\"https://x.example/a?b=1&amp;c=2\" rel=\"nofollow noopener noreferrer\">source</a>)");
        assertThat(Markdown.inline("[click](javascript:alert(1))", true)).doesNotContain("<a").doesNotContain("href");
        assertThat(Markdown.inline("[click](data:text/html,x)", true)).isEqualTo("click");
        assertThat(Markdown.inline("[a](/relative)", true)).isEqualTo("a");
        assertThat(Markdown.inline("[not a link] (x)", true)).isEqualTo("[not a link] (x)");
    }

    @Test
    void shouldCloseEveryTagItOpensOnTheLine() {
        assertThat(Markdown.inline("**bold _and em", true)).isEqualTo("<strong>bold <em>and em</em></strong>");
        assertThat(Markdown.inline("**a _b** c_", true)).isEqualTo("<strong>a <em>b** c</em></strong>");
        assertThat(Markdown.inline("snake_case_name and `unclosed", true)).isEqualTo("snake_case_name and `unclosed");
    }

    @Test
    void shouldKeepPayloadBackslashEscapesAsTheirCharacters() {
        assertThat(Markdown.inline("\\*not bold\\* \\[x\\]\\(y\\) \\<b\\>", true)).isEqualTo("*not bold* [x](y) &lt;b&gt;");
    }
}
