package dev.compass.documents.parse;

import dev.compass.documents.Datasets;
import org.apache.tika.config.TikaConfig;
import org.apache.tika.detect.Detector;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detection short cut must answer exactly what Tika's full detection answers, and must be taken where it can. */
class NameConfirmedDetectorTest {
    private static final TikaConfig TIKA = TikaConfig.getDefaultConfig();
    private static final MimeTypes MIME = TIKA.getMimeRepository();
    private static final Detector FULL = TIKA.getDetector();
    private static final Detector FAST = NameConfirmedDetector.around(FULL, MIME);
    private static final NameConfirmedDetector SHORT_CUT = new NameConfirmedDetector(MIME);

    @Test
    void agreesWithTikaOnEveryFileOfTheCorporaAndShortCutsTheHtmlPdfAndOfficeFiles() throws IOException {
        assertNotSame(FULL, FAST, "Tika's magic detector was found and replaced");
        List<Path> files = new ArrayList<>();
        for (Path dir : List.of(Datasets.leaflets(), Datasets.torture())) {
            try (Stream<Path> s = Files.walk(dir)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
        }
        int html = 0, pdf = 0, office = 0;
        List<String> disagreements = new ArrayList<>();
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            String name = f.getFileName().toString();
            MediaType full = detect(FULL, bytes, name, null);
            MediaType fast = detect(FAST, bytes, name, null);
            if (!full.equals(fast)) disagreements.add(name + ": Tika " + full + ", short cut " + fast);
            // under another name the content alone decides, as in Tika
            MediaType renamed = detect(FAST, bytes, "upload.bin", null);
            if (!renamed.equals(detect(FULL, bytes, "upload.bin", null))) disagreements.add(name + " renamed");
            try (TikaInputStream in = TikaInputStream.get(bytes)) {
                if (SHORT_CUT.confirmedByName(in, metadata(name, null)) != null) {
                    if (name.endsWith(".html")) html++;
                    if (name.endsWith(".pdf")) pdf++;
                    if (name.matches(".*\\.(docx|xlsx|pptx|doc|xls|ppt)")) office++;
                }
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(files.size() > 60, files.size() + " files");
        assertTrue(html >= 40, html + " leaflets detected by the short cut");
        assertTrue(pdf >= 3, pdf + " PDFs detected by the short cut");
        assertTrue(office >= 5, office + " Office files detected by the short cut");
    }

    @Test
    void contentThatDoesNotConfirmTheNameGoesThroughTikasDetection() throws IOException {
        byte[] pdf = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n".getBytes(StandardCharsets.US_ASCII);
        byte[] xhtml = ("<?xml version=\"1.0\"?>\n<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>t</title>"
                + "</head><body><p>x</p></body></html>").getBytes(StandardCharsets.UTF_8);
        byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>x</text></svg>".getBytes(StandardCharsets.UTF_8);
        byte[] html = "<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>x</p></body></html>"
                .getBytes(StandardCharsets.UTF_8);
        for (Object[] c : new Object[][]{{pdf, "report.html", null}, {xhtml, "page.html", null}, {svg, "logo.html", null},
                {html, "study.pdf", null}, {html, "page.html", "text/plain"}, {pdf, "deck.rtf", null}}) {
            byte[] b = (byte[]) c[0];
            String name = (String) c[1];
            String declared = (String) c[2];
            try (TikaInputStream in = TikaInputStream.get(b)) {
                assertNull(SHORT_CUT.confirmedByName(in, metadata(name, declared)), name);
            }
            assertEquals(detect(FULL, b, name, declared), detect(FAST, b, name, declared), name);
        }
        assertEquals(MediaType.application("pdf"), detect(FAST, pdf, "report.html", null));
        assertEquals(MediaType.TEXT_HTML, detect(FAST, html, "page.html", null));
    }

    private static MediaType detect(Detector d, byte[] bytes, String name, String declared) throws IOException {
        try (TikaInputStream in = TikaInputStream.get(bytes)) {
            return d.detect(in, metadata(name, declared));
        }
    }

    private static Metadata metadata(String name, String declared) {
        Metadata md = new Metadata();
        md.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        if (declared != null) md.set(Metadata.CONTENT_TYPE, declared);
        return md;
    }
}
