package timelines.sink.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Reads the inline SVG of a page as XML (which also proves it is well formed) for assertions. */
final class Svg {
    private final Document doc;

    private Svg(Document doc) {
        this.doc = doc;
    }

    static Svg of(String page) {
        int from = page.indexOf("<svg");
        int to = page.indexOf("</svg>");
        assertThat(from).as("an inline svg").isNotNegative();
        assertThat(to).as("a closed svg").isGreaterThan(from);
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return new Svg(f.newDocumentBuilder().parse(new InputSource(new StringReader(page.substring(from, to + 6)))));
        } catch (Exception e) {
            throw new AssertionError("the svg is not well-formed XML: " + e.getMessage(), e);
        }
    }

    Element root() {
        return doc.getDocumentElement();
    }

    List<Element> all(String xpath) {
        try {
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, doc, XPathConstants.NODESET);
            List<Element> out = new ArrayList<>();
            for (int k = 0; k < nodes.getLength(); k++) {
                out.add((Element) nodes.item(k));
            }
            return out;
        } catch (Exception e) {
            throw new AssertionError("bad xpath " + xpath, e);
        }
    }

    Element one(String xpath) {
        List<Element> found = all(xpath);
        assertThat(found).as(xpath).hasSize(1);
        return found.get(0);
    }

    List<String> lanes() {
        return all("//g[@class='lane']").stream().map(e -> e.getAttribute("data-lane")).toList();
    }

    Element marker(String name) {
        return one("//line[@class='marker'][@data-marker='" + name + "']");
    }

    static double x(Element e) {
        return Double.parseDouble(e.hasAttribute("x1") ? e.getAttribute("x1") : e.hasAttribute("cx") ? e.getAttribute("cx") : e.getAttribute("x"));
    }

    static double right(Element rect) {
        return Double.parseDouble(rect.getAttribute("x")) + Double.parseDouble(rect.getAttribute("width"));
    }
}
