package dev.compass.documents.parse;

import org.xml.sax.Attributes;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Turns Tika's XHTML SAX stream into {@link TextBlock}s, keeping page/slide numbers
 * ({@code <div class="page">}, {@code <div class="slide-content">}) and the heading path (h1..h6).
 * Enforces the character limit and the deadline on every SAX event, so a parser that keeps
 * emitting content is stopped even if it ignores thread interruption. One instance per parse.
 */
final class StructureHandler extends DefaultHandler {

    /** Thrown when the character limit is reached. */
    static final class LimitReached extends SAXException {
        LimitReached(String m) { super(m); }
    }

    /** Thrown when the parse was cancelled (deadline passed or interrupted). */
    static final class Cancelled extends SAXException {
        Cancelled(String m) { super(m); }
    }

    private static final Set<String> BLOCKS = Set.of("p", "div", "li", "tr", "table", "ul", "ol", "dl", "dt", "dd",
            "blockquote", "pre", "section", "article", "br", "caption", "body", "header", "footer", "aside", "nav",
            "form", "fieldset", "address", "figure", "figcaption", "main", "hr");
    private static final int MAX_HEADING_CHARS = 200;

    private final long maxChars;
    private final long deadlineNanos;
    private volatile boolean cancelled;

    private final List<TextBlock> blocks = new ArrayList<>();
    private final StringBuilder buf = new StringBuilder(256);
    private final String[] headings = new String[7];
    private List<String> headingPath = List.of();
    private long chars;
    private int page;
    private int events;
    private int skipDepth;      // inside <head>, <script>, <style>
    private int embeddedDepth;  // inside an embedded document's output
    private int heading;        // level of the heading being read, 0 if none
    private boolean lineStructure; // plain text: blank lines end paragraphs, a list item starts a block
    private int newlines;       // line breaks since the last printable character (plain text only)

    StructureHandler(long maxChars, long deadlineNanos) {
        this.maxChars = maxChars;
        this.deadlineNanos = deadlineNanos;
    }

    void cancel() { cancelled = true; }

    /**
     * For plain text, whose only structure is its lines (Tika gives the whole file as one paragraph): a blank line
     * ends a paragraph, and a line that starts a list item ("- ", "* ", "\u2022 ", "1. ", "2) ") starts a block of its
     * own. Other line breaks are spaces, as hard-wrapped prose needs.
     */
    void keepLineStructure() { lineStructure = true; }

    List<TextBlock> blocks() { return blocks; }

    int pageCount() { return page; }

    long charCount() { return chars; }

    private void check() throws SAXException {
        if (cancelled || Thread.currentThread().isInterrupted()) throw new Cancelled("parse cancelled");
        if ((++events & 63) == 0 && System.nanoTime() - deadlineNanos > 0) {
            cancelled = true;
            throw new Cancelled("parse deadline passed");
        }
    }

    @Override
    public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
        check();
        String name = localName == null || localName.isEmpty() ? qName : localName;
        if (skipDepth > 0 || "head".equals(name) || "script".equals(name) || "style".equals(name)) {
            skipDepth++;
            return;
        }
        if ("div".equals(name)) {
            String cls = atts.getValue("class");
            if (cls != null) {
                if (embeddedDepth > 0 || "package-entry".equals(cls) || "embedded".equals(cls)) {
                    embeddedDepth++;
                } else if ("page".equals(cls) || "slide-content".equals(cls)) {
                    flush();
                    page++;
                }
            } else if (embeddedDepth > 0) {
                embeddedDepth++;
            }
        }
        int level = headingLevel(name);
        if (level > 0 && embeddedDepth == 0) {
            flush();
            heading = level;
        } else if (BLOCKS.contains(name)) {
            flush();
        } else if ("td".equals(name) || "th".equals(name)) {
            space();
        }
    }

    @Override
    public void endElement(String uri, String localName, String qName) throws SAXException {
        check();
        String name = localName == null || localName.isEmpty() ? qName : localName;
        if (skipDepth > 0) {
            skipDepth--;
            return;
        }
        if ("div".equals(name) && embeddedDepth > 0) embeddedDepth--;
        int level = headingLevel(name);
        if (level > 0 && level == heading) {
            String text = buf.toString().strip();
            buf.setLength(0);
            heading = 0;
            if (!text.isEmpty()) {
                headings[level] = text.length() > MAX_HEADING_CHARS ? text.substring(0, MAX_HEADING_CHARS) : text;
                Arrays.fill(headings, level + 1, headings.length, null);
                List<String> path = new ArrayList<>(6);
                for (int i = 1; i < headings.length; i++) if (headings[i] != null) path.add(headings[i]);
                headingPath = List.copyOf(path);
                blocks.add(new TextBlock(text, page, headingPath, true));
            }
        } else if (BLOCKS.contains(name)) {
            flush();
        } else if ("td".equals(name) || "th".equals(name)) {
            space();
        }
    }

    @Override
    public void characters(char[] ch, int start, int length) throws SAXException {
        check();
        if (skipDepth > 0) return;
        chars += length;
        if (chars > maxChars) throw new LimitReached("more than " + maxChars + " characters of text");
        StringBuilder b = buf;
        for (int i = start, end = start + length; i < end; i++) {
            char c = ch[i];
            if (lineStructure) {
                if (c == '\n') {
                    newlines++;
                } else if (newlines > 0 && !(c <= ' ' || Character.isWhitespace(c) || c == '\u00A0')) {
                    if (newlines > 1 || listItemAt(ch, i, end)) flush();
                    newlines = 0;
                }
            }
            if (c > ' ' && c < '\u007F') { // a run of printable ASCII (most text): copied as one, no whitespace test
                int j = i + 1;
                while (j < end && ch[j] > ' ' && ch[j] < '\u007F') j++;
                b.append(ch, i, j - i);
                i = j - 1;
            } else if (c <= ' ' || Character.isWhitespace(c) || c == '\u00A0') {
                int n = b.length();
                if (n > 0 && b.charAt(n - 1) != ' ') b.append(' ');
            } else if (c != '\uFFFD' && c != '\uFEFF') {
                b.append(c);
            }
        }
    }

    /** Whether a list item starts at {@code ch[i]}: a bullet, or a number of up to 3 digits, then "." or ")", then a space. */
    static boolean listItemAt(char[] ch, int i, int end) {
        char c = ch[i];
        if (c == '-' || c == '*' || c == '\u2022' || c == '\u2013' || c == '\u25AA' || c == '\u00B7') {
            return i + 1 < end && (ch[i + 1] == ' ' || ch[i + 1] == '\t');
        }
        int j = i;
        while (j < end && j - i < 3 && ch[j] >= '0' && ch[j] <= '9') j++;
        return j > i && j + 1 < end && (ch[j] == '.' || ch[j] == ')') && (ch[j + 1] == ' ' || ch[j + 1] == '\t');
    }

    @Override
    public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
        check();
        space();
    }

    @Override
    public void endDocument() {
        flush();
    }

    private void space() {
        int n = buf.length();
        if (n > 0 && buf.charAt(n - 1) != ' ') buf.append(' ');
    }

    private void flush() {
        if (heading > 0) return; // block elements inside a heading stay in the heading
        if (buf.length() == 0) return;
        String text = buf.toString().strip();
        buf.setLength(0);
        if (!text.isEmpty()) blocks.add(new TextBlock(text, page, headingPath, false));
    }

    private static int headingLevel(String name) {
        if (name.length() == 2 && name.charAt(0) == 'h') {
            char d = name.charAt(1);
            if (d >= '1' && d <= '6') return d - '0';
        }
        return 0;
    }
}
