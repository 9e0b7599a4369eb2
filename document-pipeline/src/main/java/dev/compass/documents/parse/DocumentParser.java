package dev.compass.documents.parse;

import dev.compass.documents.QuarantineReason;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.extractor.ParsingEmbeddedDocumentExtractor;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.DefaultParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.pdf.AccessChecker;
import org.apache.tika.parser.pdf.PDFParserConfig;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Detects the type once, refuses unsupported types, and runs one Tika parse in the calling thread
 * with the limits of {@link ParseLimits}. Thread-safe (Tika parsers are stateless); use it through
 * {@link ParserPool} to get time limits and isolation.
 */
public final class DocumentParser {

    /** Media type prefixes the product indexes (PDF, Office, OpenDocument, RTF, HTML, text, CSV). */
    public static final List<String> SUPPORTED_PREFIXES = List.of("application/pdf", "application/msword",
            "application/vnd.ms-word", "application/vnd.ms-excel", "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.", "application/vnd.oasis.opendocument.",
            "application/rtf", "text/", "application/xhtml+xml", "application/x-tika-ooxml",
            "application/x-tika-msoffice");

    /** Detected types that only say "some container", not which document. */
    private static final Set<String> GENERIC = Set.of("application/zip", "application/octet-stream",
            "application/x-tika-ooxml", "application/x-tika-msoffice", "text/plain", "application/x-tika-msworks-spreadsheet");

    private final Parser parser;
    private final Parser embeddedParser;
    private final Detector detector;
    private final MediaTypeRegistry registry;
    private final MimeTypes mimeTypes;
    private final ParseLimits limits;
    private final PDFParserConfig pdfConfig;

    /** Production parser: Tika's default parsers and detectors. */
    public DocumentParser(ParseLimits limits) {
        this(limits, null);
    }

    /**
     * @param parser the parser for top-level documents, or null for Tika's {@link DefaultParser};
     *               tests pass stubs (e.g. one that hangs)
     */
    public DocumentParser(ParseLimits limits, Parser parser) {
        TikaConfig tika = TikaConfig.getDefaultConfig();
        this.limits = limits;
        this.registry = tika.getMediaTypeRegistry();
        this.mimeTypes = tika.getMimeRepository();
        this.detector = NameConfirmedDetector.around(tika.getDetector(), mimeTypes);
        this.parser = parser != null ? parser : new DefaultParser(registry);
        AutoDetectParser embedded = new AutoDetectParser(tika);
        embedded.setDetector(detector);
        this.embeddedParser = embedded;
        this.pdfConfig = new PDFParserConfig();
        if (limits.respectPdfPermissions()) pdfConfig.setAccessChecker(new AccessChecker(false));
        // POI's zip-bomb guards are JVM-global statics: set them once here
        ZipSecureFile.setMinInflateRatio(limits.minInflateRatio());
        ZipSecureFile.setMaxEntrySize(limits.maxZipEntryBytes());
    }

    ParseLimits limits() { return limits; }

    /** Detects the media type of the bytes, using the file name and declared type as hints. */
    public MediaType detect(byte[] bytes, String fileName, String declaredMediaType) {
        try (TikaInputStream tis = TikaInputStream.get(bytes)) {
            return detect(tis, fileName, declaredMediaType);
        } catch (IOException e) {
            return MediaType.OCTET_STREAM;
        }
    }

    private MediaType detect(TikaInputStream tis, String fileName, String declaredMediaType) {
        try {
            return detector.detect(tis, hints(fileName, declaredMediaType));
        } catch (Exception e) {
            return MediaType.OCTET_STREAM;
        }
    }

    /** Parses in the calling thread; the handler enforces character limit and deadline. */
    ParsedDocument parse(byte[] bytes, String fileName, String declaredMediaType, StructureHandler handler)
            throws ParseFailure {
        // one stream for detection and parsing, as Tika's AutoDetectParser does: a container the detector opened
        // (a zip package, an OLE2 file) stays open on the stream for the parser instead of being opened again
        try (TikaInputStream tis = TikaInputStream.get(bytes)) {
            return parse(tis, fileName, declaredMediaType, handler);
        } catch (IOException e) { // closing a stream over a byte array
            throw FailureClassifier.classify(e, null);
        }
    }

    private ParsedDocument parse(TikaInputStream tis, String fileName, String declaredMediaType, StructureHandler handler)
            throws ParseFailure {
        MediaType type = detect(tis, fileName, declaredMediaType);
        String typeName = type.getBaseType().toString();
        if (typeName.startsWith("application/x-tika-ooxml-protected")) {
            throw new ParseFailure(QuarantineReason.ENCRYPTED, "encrypted Office document (password protected)", typeName, null);
        }
        if (typeName.contains("drm-encrypted") || typeName.contains("-encrypted")) {
            throw new ParseFailure(QuarantineReason.ENCRYPTED, "DRM/IRM-protected document (" + typeName + ")", typeName, null);
        }
        MediaType byName = fileName == null ? null : nameType(fileName);
        if (GENERIC.contains(typeName) && byName != null && isSupported(byName) && !byName.equals(type)
                && !"text".equals(byName.getType())) {
            throw new ParseFailure(QuarantineReason.CORRUPT, "named like " + byName + " but the content is not a valid "
                    + byName.getSubtype() + " file (detected " + typeName + ")", typeName, null);
        }
        if (!isSupported(type)) {
            throw new ParseFailure(QuarantineReason.UNSUPPORTED_TYPE, typeName + " is not a supported document type",
                    typeName, null);
        }
        List<String> warnings = new ArrayList<>();
        if ("text/plain".equals(typeName)) handler.keepLineStructure();
        Metadata md = hints(fileName, declaredMediaType);
        md.set(Metadata.CONTENT_TYPE, type.toString());
        ParseContext context = new ParseContext();
        context.set(Parser.class, embeddedParser);
        context.set(PDFParserConfig.class, pdfConfig);
        EmbeddedDocumentExtractor ex = new BoundedEmbeddedExtractor(new ParsingEmbeddedDocumentExtractor(context),
                limits.maxEmbeddedDepth(), limits.maxEmbeddedCount(), warnings);
        context.set(EmbeddedDocumentExtractor.class, ex);
        try {
            parser.parse(tis, handler, md, context);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError)) throw (VirtualMachineError) t;
            throw FailureClassifier.classify(t, typeName);
        }
        Map<String, List<String>> meta = new HashMap<>();
        boolean encryptedPayload = false;
        for (String name : md.names()) {
            String[] values = md.getValues(name);
            meta.put(name, List.of(values));
            if (name.contains("embedded_exception")) {
                for (String v : values) encryptedPayload |= v.contains("EncryptedDocumentException");
            }
        }
        if (encryptedPayload && handler.charCount() < limits.encryptedWrapperMaxChars()) {
            // e.g. Microsoft IRM PDFs: a short "you need a different reader" page around an encrypted payload
            throw new ParseFailure(QuarantineReason.ENCRYPTED, "the readable part is only a short wrapper around an "
                    + "encrypted embedded document (DRM/IRM protection)", typeName, null);
        }
        if (encryptedPayload) warnings.add("an embedded document is encrypted and was skipped");
        if ("true".equals(md.get("pdf:encrypted"))) {
            warnings.add("PDF is encrypted with an owner password only: it opens without a password and its "
                    + "permissions allow extraction");
        }
        String finalType = md.get(Metadata.CONTENT_TYPE);
        String mediaType = finalType == null ? typeName : MediaType.parse(finalType).getBaseType().toString();
        List<TextBlock> blocks = PageFurniture.strip(handler.blocks());
        if ("application/pdf".equals(mediaType)) blocks = PdfLines.join(blocks);
        return new ParsedDocument(mediaType, List.copyOf(blocks), Map.copyOf(meta), handler.pageCount(),
                handler.charCount(), List.copyOf(warnings));
    }

    private boolean isSupported(MediaType type) {
        for (MediaType t = type; t != null; t = registry.getSupertype(t)) {
            String s = t.getBaseType().toString();
            if ("application/octet-stream".equals(s)) return false;
            for (String p : SUPPORTED_PREFIXES) if (s.startsWith(p)) return true;
        }
        return false;
    }

    private MediaType nameType(String fileName) {
        try {
            MediaType t = mimeTypes.getMimeType(fileName).getType();
            return MediaType.OCTET_STREAM.equals(t) ? null : t;
        } catch (Exception e) {
            return null;
        }
    }

    private static Metadata hints(String fileName, String declaredMediaType) {
        Metadata md = new Metadata();
        if (fileName != null) md.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
        if (declaredMediaType != null) md.set(Metadata.CONTENT_TYPE, declaredMediaType);
        return md;
    }
}
