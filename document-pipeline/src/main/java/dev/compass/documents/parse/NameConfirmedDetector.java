package dev.compass.documents.parse;

import org.apache.tika.detect.CompositeDetector;
import org.apache.tika.detect.Detector;
import org.apache.tika.detect.XmlRootExtractor;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeType;
import org.apache.tika.mime.MimeTypeException;
import org.apache.tika.mime.MimeTypes;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.xml.namespace.QName;

/**
 * Tika's magic detection ({@link MimeTypes#detect}) tries its ~850 magic patterns in priority order on the first
 * 64 KB of every document until one matches; an HTML page matches only at priority 40, after every pattern above it
 * has scanned its range (a regular expression over 8 KB for Illustrator files among them): 0.4–0.7 ms per page, about a
 * tenth of parsing it. This detector takes a short cut where the evidence is unambiguous: when the file name's
 * extension names one of a few self-describing types (HTML, PDF, RTF, the OLE2 Office types, ODT) and the content
 * carries that type's own magic (for the Office Open XML types, which have none, the magic of an OOXML package), that
 * type is the answer. The container detectors (zip, OLE2) still run around it, as in Tika. Everything else, including
 * a declared content type, an XHTML page (which Tika may map to another type by its root element or namespace) and any
 * name the content does not confirm (a PDF named {@code .html}), goes through Tika's full detection unchanged.
 * {@code NameConfirmedDetectorTest} checks that both agree on every file of the evaluation corpora.
 */
final class NameConfirmedDetector implements Detector {
    /** Types that carry magic of their own, accepted when the name names them and the content has their magic. */
    private static final Set<MediaType> CONFIRMABLE = Set.of(MediaType.TEXT_HTML, MediaType.application("pdf"),
            MediaType.application("rtf"), MediaType.application("msword"), MediaType.application("vnd.ms-excel"),
            MediaType.application("vnd.ms-powerpoint"), MediaType.application("vnd.oasis.opendocument.text"));
    /** Office Open XML types have no magic of their own: their package's magic confirms them. */
    private static final MediaType OOXML = MediaType.application("x-tika-ooxml");

    private final MimeTypes mimeTypes;
    private final MimeType xhtml;
    private final MimeType ooxml;

    NameConfirmedDetector(MimeTypes mimeTypes) {
        this.mimeTypes = mimeTypes;
        this.xhtml = registered(mimeTypes, "application/xhtml+xml");
        this.ooxml = registered(mimeTypes, OOXML.toString());
    }

    private static MimeType registered(MimeTypes mimeTypes, String name) {
        try {
            return mimeTypes.forName(name);
        } catch (MimeTypeException e) {
            return null;
        }
    }

    /** Tika's composite detector with its magic detector replaced by this short cut (the container detectors stay). */
    static Detector around(Detector tikaDetector, MimeTypes mimeTypes) {
        if (!(tikaDetector instanceof CompositeDetector composite)) return tikaDetector;
        List<Detector> children = new ArrayList<>();
        boolean replaced = false;
        for (Detector d : composite.getDetectors()) {
            if (d == mimeTypes) {
                children.add(new NameConfirmedDetector(mimeTypes));
                replaced = true;
            } else {
                children.add(d);
            }
        }
        return replaced ? new CompositeDetector(mimeTypes.getMediaTypeRegistry(), children) : tikaDetector;
    }

    @Override
    public MediaType detect(InputStream input, Metadata metadata) throws IOException {
        MediaType confirmed = confirmedByName(input, metadata);
        return confirmed != null ? confirmed : mimeTypes.detect(input, metadata);
    }

    /** The type the name names and the content confirms, or null when the full detection must decide. */
    MediaType confirmedByName(InputStream input, Metadata metadata) throws IOException {
        String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
        if (input != null && name != null && metadata.get(Metadata.CONTENT_TYPE) == null && input.markSupported()) {
            MimeType byName = mimeTypes.getMimeType(name);
            MediaType type = byName.getType();
            if (CONFIRMABLE.contains(type)) {
                byte[] header = header(input);
                if (header.length > 0 && byName.matchesMagic(header)
                        && (!MediaType.TEXT_HTML.equals(type) || plainHtml(header))) {
                    return type;
                }
            } else if (ooxml != null && OOXML.equals(mimeTypes.getMediaTypeRegistry().getSupertype(type))) {
                byte[] header = header(input);
                if (header.length > 0 && ooxml.matchesMagic(header)) return type;
            }
        }
        return null;
    }

    /** The bytes magic detection looks at (the first {@link MimeTypes#getMinLength()}), the stream reset after. */
    private byte[] header(InputStream input) throws IOException {
        int max = mimeTypes.getMinLength();
        input.mark(max);
        try {
            return input.readNBytes(max);
        } finally {
            input.reset();
        }
    }

    /**
     * For a page with HTML magic, Tika goes on to XHTML's magic and to the XML root element (an {@code <svg>} or
     * namespaced root makes it another type): the short cut is taken only when neither applies, i.e. no XHTML magic
     * and a root element that is absent or a plain {@code html}.
     */
    private boolean plainHtml(byte[] header) {
        if (xhtml == null || xhtml.matchesMagic(header)) return false;
        QName root = new XmlRootExtractor().extractRootElement(header);
        return root == null || (root.getNamespaceURI().isEmpty() && "html".equalsIgnoreCase(root.getLocalPart()));
    }
}
