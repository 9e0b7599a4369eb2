package dev.compass.documents;

import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.Taxonomy;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.parser.AbstractParser;
import org.apache.tika.parser.DefaultParser;
import org.apache.tika.parser.ParseContext;
import org.junit.jupiter.api.Test;
import org.xml.sax.ContentHandler;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.*;

/** Synthetic pathological inputs end in a clear terminal state and never take the pool down. */
class PipelineSafetyTest {

    static volatile boolean releaseSpinner;

    /** Hangs on documents containing HANG (sleeping) or SPIN (busy loop ignoring interrupts); else Tika's parser. */
    static final class HangingParser extends AbstractParser {
        private final DefaultParser real = new DefaultParser();

        @Override
        public Set<MediaType> getSupportedTypes(ParseContext context) {
            return real.getSupportedTypes(context);
        }

        @Override
        public void parse(InputStream stream, ContentHandler handler, Metadata metadata, ParseContext context)
                throws IOException, org.xml.sax.SAXException, org.apache.tika.exception.TikaException {
            byte[] head = stream.readNBytes(4);
            String s = new String(head, StandardCharsets.US_ASCII);
            if (s.equals("HANG")) {
                try {
                    Thread.sleep(600_000);
                } catch (InterruptedException e) {
                    throw new org.apache.tika.exception.TikaException("interrupted", e);
                }
            }
            if (s.equals("SPIN")) {
                long x = 0;
                while (!releaseSpinner) x += System.nanoTime() & 1; // ignores interrupts, emits nothing
                if (x == 42) System.out.print("");
            }
            stream.reset();
            real.parse(stream, handler, metadata, context);
        }
    }

    static DocumentPipeline pipeline(PipelineConfig config, org.apache.tika.parser.Parser parser) {
        return new DocumentPipeline(config, Taxonomy.defaults(), DuplicateDetector.inMemory(), parser, Clock.systemUTC());
    }

    static DocumentInput txt(String text, String name) {
        return DocumentInput.of(text.getBytes(StandardCharsets.UTF_8), name, "site-a", "/" + name, Set.of("all"));
    }

    static final String NORMAL = "Cardiozen market research in Germany. We interviewed 120 cardiologists (n=120) "
            + "with a structured questionnaire about heart failure treatment and their prescribing habits.";

    @Test
    void emptyFileIsEmpty() {
        try (DocumentPipeline p = pipeline(PipelineConfig.defaults(), null)) {
            PipelineResult r = p.process(txt("", "empty.txt"));
            assertEquals(Outcome.QUARANTINED, r.outcome());
            assertEquals(QuarantineReason.EMPTY, r.reason());
            PipelineResult blank = p.process(txt("   \n\t  ", "blank.txt"));
            assertEquals(QuarantineReason.EMPTY, blank.reason());
        }
    }

    @Test
    void unknownBinaryIsUnsupported() {
        byte[] b = new byte[4096];
        new Random(7).nextBytes(b);
        b[0] = 0x00; b[1] = 0x13; b[2] = 0x37; b[3] = 0x00;
        try (DocumentPipeline p = pipeline(PipelineConfig.defaults(), null)) {
            PipelineResult r = p.process(DocumentInput.of(b, "blob.bin", "s", "/blob.bin", Set.of()));
            assertEquals(QuarantineReason.UNSUPPORTED_TYPE, r.reason(), r.detail());
            assertEquals("application/octet-stream", r.mediaType());
        }
    }

    @Test
    void zipBombDocxIsTooLargeNotOutOfMemory() throws IOException {
        byte[] bomb = zipBombDocx(300);
        assertTrue(bomb.length < 2_000_000, "compressed size " + bomb.length);
        try (DocumentPipeline p = pipeline(PipelineConfig.defaults(), null)) {
            PipelineResult r = p.process(DocumentInput.of(bomb, "bomb.docx", "s", "/bomb.docx", Set.of()));
            assertEquals(Outcome.QUARANTINED, r.outcome());
            assertEquals(QuarantineReason.TOO_LARGE, r.reason(), r.detail());
            assertEquals(Outcome.PUBLISHED, p.process(txt(NORMAL, "after.txt")).outcome());
        }
    }

    @Test
    void textExpansionOverCharacterLimitIsTooLarge() {
        PipelineConfig cfg = PipelineConfig.defaults().withParse(PipelineConfig.defaults().parse().withMaxChars(10_000));
        try (DocumentPipeline p = pipeline(cfg, null)) {
            PipelineResult r = p.process(txt("word ".repeat(5_000), "long.txt"));
            assertEquals(QuarantineReason.TOO_LARGE, r.reason(), r.detail());
        }
    }

    @Test
    void oversizedInputIsTooLargeWithoutParsing() {
        PipelineConfig cfg = PipelineConfig.defaults().withParse(PipelineConfig.defaults().parse().withMaxBytes(100));
        try (DocumentPipeline p = pipeline(cfg, null)) {
            assertEquals(QuarantineReason.TOO_LARGE, p.process(txt(NORMAL, "big.txt")).reason());
        }
    }

    @Test
    void hangingParsesTimeOutAndThePoolKeepsWorking() {
        PipelineConfig cfg = PipelineConfig.defaults().withParse(PipelineConfig.defaults().parse()
                .withTimeout(Duration.ofMillis(800)));
        releaseSpinner = false;
        try (DocumentPipeline p = pipeline(cfg, new HangingParser())) {
            long t0 = System.nanoTime();
            PipelineResult sleeping = p.process(txt("HANG and more text", "hang.txt"));
            assertEquals(QuarantineReason.TIMEOUT, sleeping.reason(), sleeping.detail());
            assertEquals(0, p.stuckWorkers(), "an interruptible parse stops");

            PipelineResult spinning = p.process(txt("SPIN and more text", "spin.txt"));
            assertEquals(QuarantineReason.TIMEOUT, spinning.reason(), spinning.detail());
            assertTrue(spinning.detail().contains("abandoned"), spinning.detail());
            assertEquals(1, p.stuckWorkers());
            assertTrue((System.nanoTime() - t0) / 1e9 < 15, "timeouts are bounded");

            // both workers' permits are free again: normal documents still flow, twice in parallel
            PipelineResult ok = p.process(txt(NORMAL, "ok.txt"));
            assertEquals(Outcome.PUBLISHED, ok.outcome(), ok.detail());
            assertEquals(2, p.timeouts());
        } finally {
            releaseSpinner = true;
        }
    }

    @Test
    void concurrentCallersAllFinish() throws Exception {
        try (DocumentPipeline p = pipeline(PipelineConfig.defaults(), null)) {
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            var futures = new java.util.ArrayList<java.util.concurrent.Future<PipelineResult>>();
            for (int i = 0; i < 12; i++) {
                String text = NORMAL + " Variant " + i + " " + "unique words ".repeat(i + 1) + i;
                futures.add(pool.submit(() -> p.process(txt(text, "c.txt"))));
            }
            for (var f : futures) assertNotNull(f.get().outcome());
            pool.shutdown();
        }
    }

    /** A DOCX whose word/document.xml inflates to {@code mb} megabytes of one repeated byte run. */
    static byte[] zipBombDocx(int mb) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bos)) {
            put(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                    + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                    + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                    + "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            put(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                    + "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            zip.putNextEntry(new ZipEntry("word/document.xml"));
            zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>")
                    .getBytes(StandardCharsets.UTF_8));
            byte[] block = new byte[1 << 20];
            Arrays.fill(block, (byte) 'a');
            for (int i = 0; i < mb; i++) zip.write(block);
            zip.write("</w:t></w:r></w:p></w:body></w:document>".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bos.toByteArray();
    }

    private static void put(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
