package dev.compass.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The demo's documents, written for the project: a fictional cardiology brand, Cardiozen, launched in Germany, France
 * and Spain. A long market study (a multi-page PDF with headings, a table and page numbers), a physician survey, a
 * competitor analysis, a stale study, an exact duplicate on another site and a near-duplicate, and a restricted
 * finance memo.
 */
final class DemoDocuments {
    private DemoDocuments() {}

    /** A file to upload: where it lives, who may read it, its bytes. */
    record DemoFile(String site, String path, String title, List<String> groups, String mediaType, byte[] bytes) {}

    static List<DemoFile> all() throws IOException {
        List<DemoFile> files = new ArrayList<>();
        byte[] study = marketStudy();
        byte[] survey = physicianSurvey().getBytes(StandardCharsets.UTF_8);
        String competitor = competitorAnalysis();
        files.add(new DemoFile("emea-brand-cardiozen", "/studies/cardiozen-launch-tracker-2026.pdf",
                "Cardiozen launch tracker 2026: Germany, France, Spain", List.of("emea-marketing"), "application/pdf", study));
        files.add(new DemoFile("emea-brand-cardiozen", "/surveys/cardiologist-survey-q3-2026.html",
                "Cardiologist survey Q3 2026", List.of("emea-marketing", "medical-affairs"), "text/html", survey));
        files.add(new DemoFile("emea-competitive-intelligence", "/competitors/anticoagulant-landscape-2026.txt",
                "Competitor analysis: heart-failure market 2026", List.of("emea-marketing"), "text/plain",
                competitor.getBytes(StandardCharsets.UTF_8)));
        // the same survey copied to a country site: an exact duplicate
        files.add(new DemoFile("de-marketing", "/shared/umfrage-kardiologen-q3.html", "Cardiologist survey (copy)",
                List.of("emea-marketing"), "text/html", survey));
        // a lightly edited copy of the competitor analysis: a near-duplicate
        files.add(new DemoFile("fr-marketing", "/veille/landscape-2026-v2.txt", "Competitor analysis v2",
                List.of("emea-marketing"), "text/plain", competitor.replace("Prepared by the EMEA competitive intelligence team.",
                "Prepared by the EMEA competitive intelligence team, reviewed by the French affiliate.")
                .getBytes(StandardCharsets.UTF_8)));
        files.add(new DemoFile("de-marketing", "/archive/awareness-2014.txt", "Awareness study 2014",
                List.of("emea-marketing"), "text/plain", staleStudy().getBytes(StandardCharsets.UTF_8)));
        files.add(new DemoFile("emea-finance", "/memos/cardiozen-budget-memo.txt", "Budget memo (finance only)",
                List.of("finance"), "text/plain", financeMemo().getBytes(StandardCharsets.UTF_8)));
        return files;
    }

    // ------------------------------------------------------------------ the long study (PDF)

    private static final String[][] STUDY = {
        {"1 Executive summary",
         "This tracker follows the launch of Cardiozen, a once-daily treatment for chronic heart failure with reduced ejection fraction, in Germany, France and Spain during the first three quarters of 2026. "
         + "Unaided awareness among cardiologists reached 61 percent in Germany, 48 percent in France and 39 percent in Spain. "
         + "Trial is highest among hospital cardiologists in Germany, where 34 percent have prescribed Cardiozen at least once. "
         + "Cardiologists in Germany value the reduction in hospitalisations shown in the pivotal trial and the simple titration scheme. "
         + "The main barrier in all three countries is uncertainty about reimbursement for patients with mild symptoms. "
         + "Digital channels, in particular search and medical education webinars, reached younger cardiologists at a much lower cost per contact than print advertising."},
        {"2 Methodology",
         "The study is a repeated cross-sectional online survey with a sample of n=412 cardiologists (Germany n=168, France n=136, Spain n=108), fielded in March, June and September 2026. "
         + "Respondents were recruited from a verified physician panel and had to treat at least ten heart-failure patients a month. "
         + "Quotas ensured a balance between hospital and office-based cardiologists. The questionnaire took 22 minutes on average. "
         + "Results are weighted to the national distribution of cardiologists by setting and region. Differences of more than 6 percentage points between waves are significant at the 95 percent level."},
        {"3 Awareness and trial",
         "Awareness grew fastest in Germany between the March and June waves, following the national cardiology congress in April. "
         + "In France awareness grew steadily but trial lagged, because many office-based cardiologists wait for the first hospital prescription before switching stable patients. "
         + "In Spain awareness is concentrated in the large university hospitals of Madrid and Barcelona. "
         + "Among cardiologists aware of Cardiozen, 58 percent in Germany say they intend to prescribe it to new patients in the next three months."},
        {"4 What cardiologists say",
         "Cardiologists in Germany describe Cardiozen as a meaningful step forward for patients who remain symptomatic on standard therapy. "
         + "They most often cite the 21 percent relative reduction in heart-failure hospitalisations and the absence of potassium monitoring as reasons to prescribe. "
         + "French cardiologists ask for more real-world evidence in elderly patients with kidney impairment before broad use. "
         + "Spanish cardiologists highlight the need for nurse-led titration support in hospital clinics. "
         + "Across countries, physicians rate the scientific quality of the medical education webinars higher than that of printed materials."},
        {"5 Barriers to prescribing",
         "Reimbursement uncertainty for patients in NYHA class II is the first barrier in all three markets. "
         + "The second barrier is inertia with stable patients: 44 percent of office-based cardiologists prefer not to change a regimen that works. "
         + "Cost concerns of hospital pharmacies are reported mainly in Spain. "
         + "Only a minority of respondents mention safety concerns, mostly about hypotension in frail patients."},
        {"6 Competitor landscape",
         "The main competitor, Vasoline, has been on the market for four years and is the reference therapy in guidelines. "
         + "Cardiologists see Cardiozen as complementary rather than as a replacement for Vasoline in most patients. "
         + "A generic version of an older therapy entered the German market in July 2026 and is putting pressure on price in the office setting."},
        {"7 Channel effectiveness",
         "Recall of promotional contacts was measured for each channel in each wave. "
         + "Field-force visits remain the most recalled contact but are also the most expensive per contact. "
         + "Search advertising and webinars produced the highest recall per euro, especially among cardiologists younger than 45. "
         + "Print advertising in medical journals had the lowest recall per euro in all three countries, and its recall did not increase between waves despite a constant budget. "
         + "The table below summarises the recall per 1,000 euros of spend."},
        {"8 Regional differences",
         "In Germany the southern states show higher trial, driven by three large heart centres. "
         + "In France the Paris region accounts for a third of all prescriptions so far. "
         + "In Spain adoption depends strongly on regional formulary decisions, which were completed in Catalonia and Madrid but are pending in Andalusia."},
        {"9 Recommendations",
         "Shift part of the print budget into search advertising and medical education webinars, where recall per euro is highest and has not yet saturated. "
         + "Support office-based cardiologists in France with real-world evidence on elderly patients. "
         + "Offer nurse-led titration programmes to Spanish hospital clinics. "
         + "Address reimbursement questions for NYHA class II patients with payer-facing material in all three markets."},
    };

    private static final String[][] CHANNEL_TABLE = {
        {"Channel", "Germany", "France", "Spain"},
        {"Field force", "41", "37", "35"},
        {"Search", "96", "88", "79"},
        {"Webinars", "84", "81", "70"},
        {"Social", "52", "47", "44"},
        {"Print", "12", "10", "9"},
        {"TV (disease awareness)", "18", "15", "14"},
    };

    static byte[] marketStudy() throws IOException {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle("Cardiozen launch tracker 2026: Germany, France, Spain");
            info.setAuthor("Dr. Anna Weber; Julien Moreau");
            info.setSubject("Market research study, cardiology, heart failure");
            info.setCreationDate(java.util.Calendar.getInstance());
            PDType1Font regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            PDType1Font bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
            int pageNumber = 0;
            // title page
            pageNumber++;
            try (PDPageContentStream cs = newPage(doc)) {
                text(cs, bold, 20, 72, 700, "Cardiozen launch tracker 2026");
                text(cs, regular, 13, 72, 670, "Germany, France and Spain - waves March, June, September 2026");
                text(cs, regular, 11, 72, 640, "Authors: Dr. Anna Weber, Julien Moreau. Date: 30 September 2026.");
                text(cs, regular, 11, 72, 620, "Therapeutic area: cardiology (chronic heart failure).");
                footer(cs, regular, pageNumber);
            }
            for (String[] section : STUDY) {
                pageNumber++;
                try (PDPageContentStream cs = newPage(doc)) {
                    text(cs, bold, 15, 72, 720, section[0]);
                    float y = 690;
                    for (String line : wrap(section[1], 88)) {
                        text(cs, regular, 11, 72, y, line);
                        y -= 16;
                    }
                    if (section[0].startsWith("7")) {
                        y -= 10;
                        text(cs, bold, 11, 72, y, "Table 1: recall per 1,000 euros of spend, September wave");
                        y -= 18;
                        for (String[] row : CHANNEL_TABLE) {
                            float x = 72;
                            for (String cell : row) {
                                text(cs, row == CHANNEL_TABLE[0] ? bold : regular, 10, x, y, cell);
                                x += 110;
                            }
                            y -= 15;
                        }
                    }
                    footer(cs, regular, pageNumber);
                }
            }
            doc.save(out);
            return out.toByteArray();
        }
    }

    private static PDPageContentStream newPage(PDDocument doc) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        doc.addPage(page);
        return new PDPageContentStream(doc, page);
    }

    private static void text(PDPageContentStream cs, PDType1Font font, float size, float x, float y, String s)
            throws IOException {
        cs.beginText();
        cs.setFont(font, size);
        cs.newLineAtOffset(x, y);
        cs.showText(s);
        cs.endText();
    }

    private static void footer(PDPageContentStream cs, PDType1Font font, int page) throws IOException {
        text(cs, font, 9, 290, 40, "Page " + page);
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() + word.length() + 1 > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0) lines.add(line.toString());
        return lines;
    }

    // ------------------------------------------------------------------ the other documents

    static String physicianSurvey() {
        return """
            <html><head><title>Cardiologist survey Q3 2026</title>
            <meta name="author" content="Sofia Garcia"><meta name="date" content="2026-09-15"></head><body>
            <h1>Cardiologist survey Q3 2026</h1>
            <p>Author: Sofia Garcia, EMEA medical insights. Fielded 1 to 12 September 2026.</p>
            <h2>Method</h2>
            <p>Online survey of n=240 cardiologists in Germany, France and Spain, 80 per country, drawn from a verified panel. Respondents treat at least ten heart-failure patients a month.</p>
            <h2>Results</h2>
            <p>In Germany, 64 percent of cardiologists rate Cardiozen's effect on hospitalisations as clinically relevant. Cardiologists in Germany say the simple once-daily titration saves clinic time.</p>
            <p>In France, cardiologists want more data on elderly patients with reduced kidney function before prescribing widely.</p>
            <p>In Spain, hospital cardiologists ask for nurse-led titration support and clarity on regional formularies.</p>
            <p>Across the three countries, webinars are the preferred source of new clinical information for cardiologists younger than 45, ahead of congress symposia and far ahead of journal advertising.</p>
            <h2>Implications</h2>
            <p>Medical education online and search visibility should be strengthened; print advertising is rarely mentioned as a source of information.</p>
            </body></html>
            """;
    }

    static String competitorAnalysis() {
        return """
            Competitor analysis: heart-failure market 2026
            Prepared by the EMEA competitive intelligence team.
            Date: 2026-08-20. Author: Thomas Keller.

            Market overview
            The heart-failure market in Germany, France and Spain grew by 7 percent in value in the first half of 2026. Vasoline remains the guideline reference therapy with a 46 percent share of new patient starts.

            Competitor activity
            The Vasoline brand team increased its field-force presence in French office practices in the second quarter and launched a patient-support app in Germany. A generic of an older therapy entered the German office market in July 2026, lowering prices by about 30 percent.

            Implications for Cardiozen
            Cardiozen is positioned as an add-on for symptomatic patients on standard therapy. Competing head-on on field-force share of voice in France would be costly; digital channels and medical education offer a cheaper route to younger cardiologists.
            Methodology: desk research, congress monitoring and interviews with 12 key opinion leaders (sample n=12).
            """;
    }

    static String staleStudy() {
        return """
            Awareness study
            Heart failure awareness among general practitioners, 2014.
            Awareness of heart-failure guidelines among general practitioners was moderate in 2014. Many practitioners referred patients late.
            """;
    }

    static String financeMemo() {
        return """
            Budget memo: Cardiozen 2027
            Confidential, finance only. Date: 2026-10-01. Author: Marc Dubois.
            The 2027 marketing budget for Cardiozen is frozen at the 2026 level; reallocations between channels require approval above 50,000 euros.
            """;
    }
}
