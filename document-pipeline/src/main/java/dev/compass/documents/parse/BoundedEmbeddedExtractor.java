package dev.compass.documents.parse;

import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Parses embedded documents up to a nesting depth and a count; skips the rest with a warning. */
final class BoundedEmbeddedExtractor implements EmbeddedDocumentExtractor {
    private final EmbeddedDocumentExtractor delegate;
    private final int maxDepth;
    private final int maxCount;
    private final List<String> warnings;
    private int depth;
    private int count;
    private boolean depthWarned;
    private boolean countWarned;

    BoundedEmbeddedExtractor(EmbeddedDocumentExtractor delegate, int maxDepth, int maxCount, List<String> warnings) {
        this.delegate = delegate;
        this.maxDepth = maxDepth;
        this.maxCount = maxCount;
        this.warnings = warnings;
    }

    @Override
    public boolean shouldParseEmbedded(Metadata metadata) {
        if (depth >= maxDepth) {
            if (!depthWarned) warnings.add("embedded documents nested deeper than " + maxDepth + " skipped");
            depthWarned = true;
            return false;
        }
        if (count >= maxCount) {
            if (!countWarned) warnings.add("embedded documents beyond " + maxCount + " skipped");
            countWarned = true;
            return false;
        }
        return delegate.shouldParseEmbedded(metadata);
    }

    @Override
    public void parseEmbedded(InputStream stream, ContentHandler handler, Metadata metadata, boolean outputHtml)
            throws SAXException, IOException {
        count++;
        depth++;
        try {
            delegate.parseEmbedded(stream, handler, metadata, outputHtml);
        } finally {
            depth--;
        }
        String ex = metadata.get(TikaCoreProperties.EMBEDDED_EXCEPTION);
        if (ex != null) {
            String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
            warnings.add("embedded document " + (name == null ? "" : name + " ") + "failed: " + firstLine(ex));
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String l = nl < 0 ? s : s.substring(0, nl);
        return l.length() > 200 ? l.substring(0, 200) : l.strip();
    }
}
