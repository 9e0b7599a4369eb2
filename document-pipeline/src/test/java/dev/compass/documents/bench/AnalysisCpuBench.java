package dev.compass.documents.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.compass.documents.Datasets;
import dev.compass.documents.DocumentInput;
import dev.compass.documents.PipelineConfig;
import dev.compass.documents.chunking.Chunk;
import dev.compass.documents.chunking.Chunker;
import dev.compass.documents.chunking.ChunkingConfig;
import dev.compass.documents.chunking.TokenEstimator;
import dev.compass.documents.dedupe.DuplicateCheck;
import dev.compass.documents.dedupe.DuplicateDetector;
import dev.compass.documents.metadata.DateFinder;
import dev.compass.documents.metadata.DocumentMetadata;
import dev.compass.documents.metadata.LanguageGuesser;
import dev.compass.documents.metadata.MetadataExtractor;
import dev.compass.documents.metadata.Taxonomy;
import dev.compass.documents.metadata.TaxonomyMatcher;
import dev.compass.documents.parse.DocumentParser;
import dev.compass.documents.parse.ParseFailure;
import dev.compass.documents.parse.ParsedDocument;
import dev.compass.documents.parse.ParserPool;
import dev.compass.documents.parse.TextBlock;
import dev.compass.documents.quality.QualityScore;
import dev.compass.documents.quality.QualityScorer;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * CPU time (thread CPU, {@link ThreadMXBean}) of the analysis stages after the parse, on the 74 files of
 * {@link PipelineBenchmark} parsed once. Args: [warmups=30] [passes=20]; or {@code dump <file>} to write the
 * analysis results (metadata, quality, chunks, MinHash) of the benchmark files, all torture files, SciFact
 * abstracts and random texts, for comparing two versions of the code.
 */
public final class AnalysisCpuBench {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private record Doc(DocumentInput in, ParsedDocument parsed) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("dump")) {
            dump(Path.of(args[1]));
            return;
        }
        int warmups = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        List<Doc> docs = parse(PipelineBenchmark.benchFiles());
        long chars = 0, words = 0, nonAscii = 0;
        for (Doc d : docs) {
            String text = d.parsed.text();
            chars += text.length();
            words += MetadataExtractor.wordCount(text);
            for (int i = 0; i < text.length(); i++) if (text.charAt(i) >= 0x80) nonAscii++;
        }
        System.out.printf(Locale.ROOT, "%d parsed documents of %d files: %d characters (%d non-ASCII), %d words%n",
                docs.size(), PipelineBenchmark.benchFiles().size(), chars, nonAscii, words);
        PipelineConfig cfg = PipelineConfig.defaults();
        Taxonomy taxonomy = Taxonomy.defaults();
        MetadataExtractor metadata = new MetadataExtractor(taxonomy);
        TaxonomyMatcher matcher = new TaxonomyMatcher(taxonomy);
        QualityScorer quality = new QualityScorer(cfg.quality(), Clock.systemUTC());
        Chunker chunker = new Chunker(cfg.chunking());
        String[] stages = {"text()", "metadata total", "  taxonomy", "  study date", "  language", "  word count",
                "MinHash signature", "LSH check+register", "quality", "chunking", "TOTAL analysis"};
        List<long[]> measured = new ArrayList<>();
        // -Dbench.jfr=file.jfr: JFR execution samples of the measured passes
        String jfrFile = System.getProperty("bench.jfr");
        jdk.jfr.Recording jfr = null;
        long sink = 0;
        for (int pass = 0; pass < warmups + passes; pass++) {
            if (pass == warmups && jfrFile != null) {
                jfr = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
                jfr.start();
            }
            long[] t = new long[stages.length];
            DuplicateDetector dd = DuplicateDetector.inMemory();
            for (Doc d : docs) {
                long c0 = cpu();
                String text = d.parsed.text();
                long c1 = cpu();
                DocumentMetadata md = metadata.extract(d.in, d.parsed, text);
                long c2 = cpu();
                TaxonomyMatcher.Matches m = matcher.match(md.title(), d.in.path(), text);
                long c3 = cpu();
                sink += DateFinder.studyDate(text).isPresent() ? 1 : 0;
                long c4 = cpu();
                sink += LanguageGuesser.guess(text).length();
                long c5 = cpu();
                sink += MetadataExtractor.wordCount(text);
                long c6 = cpu();
                long[] sig = dd.signature(text);
                long c7 = cpu();
                String hash = DuplicateDetector.textHash(d.in.fileName());
                DuplicateCheck check = dd.check(hash, sig);
                dd.register(d.in.fileName(), "bench", d.in.path(), hash, sig);
                long c8 = cpu();
                QualityScore q = quality.score(md, text, check.near(), d.parsed.warnings());
                long c9 = cpu();
                List<Chunk> chunks = chunker.chunk(d.parsed.blocks());
                long c10 = cpu();
                sink += m.products().size() + q.score() + chunks.size();
                t[0] += c1 - c0;
                t[1] += c2 - c1;
                t[2] += c3 - c2;
                t[3] += c4 - c3;
                t[4] += c5 - c4;
                t[5] += c6 - c5;
                t[6] += c7 - c6;
                t[7] += c8 - c7;
                t[8] += c9 - c8;
                t[9] += c10 - c9;
                // total analysis as the pipeline runs it: text, metadata, MinHash, check, quality, chunks
                t[10] += (c2 - c0) + (c10 - c6);
            }
            if (pass >= warmups) measured.add(t);
        }
        if (jfr != null) {
            jfr.stop();
            jfr.dump(Path.of(jfrFile));
        }
        System.out.printf(Locale.ROOT, "median ms CPU per pass of %d documents (%d warm-up, %d measured passes)%n",
                docs.size(), warmups, passes);
        for (int s = 0; s < stages.length; s++) {
            long[] v = new long[measured.size()];
            for (int i = 0; i < v.length; i++) v[i] = measured.get(i)[s];
            Arrays.sort(v);
            System.out.printf(Locale.ROOT, "%-22s %8.1f  (min %.1f, max %.1f)%n", stages[s], v[v.length / 2] / 1e6,
                    v[0] / 1e6, v[v.length - 1] / 1e6);
        }
        System.out.println("(sink " + sink + ")");
    }

    private static long cpu() {
        return MX.getCurrentThreadCpuTime();
    }


    private static List<Doc> parse(List<Path> files) throws Exception {
        List<Doc> docs = new ArrayList<>();
        try (ParserPool pool = new ParserPool(new DocumentParser(PipelineConfig.defaults().parse()))) {
            for (Path p : files) {
                byte[] b = Files.readAllBytes(p);
                String name = p.getFileName().toString();
                DocumentInput in = new DocumentInput(null, b, name, null, "bench", "/" + name, Set.of("all"), Set.of(), null);
                try {
                    ParsedDocument d = pool.parse(b, name, null);
                    if (!d.text().isBlank()) docs.add(new Doc(in, d));
                } catch (ParseFailure f) {
                    // not analysed by the pipeline either
                }
            }
        }
        return docs;
    }

    // ---- equality dump ----

    private static void dump(Path out) throws Exception {
        PipelineConfig cfg = PipelineConfig.defaults();
        Taxonomy taxonomy = Taxonomy.defaults();
        MetadataExtractor metadata = new MetadataExtractor(taxonomy);
        TaxonomyMatcher matcher = new TaxonomyMatcher(taxonomy);
        QualityScorer quality = new QualityScorer(cfg.quality(), Clock.fixed(Instant.parse("2026-11-29T00:00:00Z"),
                ZoneOffset.UTC));
        List<Chunker> chunkers = List.of(new Chunker(cfg.chunking()), new Chunker(new ChunkingConfig(64, 0.2, 10)),
                new Chunker(new ChunkingConfig(8, 0.0, 0)), new Chunker(new ChunkingConfig(500, 0.45, 500)));
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(Datasets.leaflets())) {
            s.filter(p -> p.toString().endsWith(".html")).sorted().forEach(files::add);
        }
        for (String line : Files.readAllLines(Datasets.torture().resolve("MANIFEST.tsv"))) {
            String[] f = line.split("\t");
            if (!f[0].equals("file")) files.add(Datasets.torture().resolve(f[0]));
        }
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8));
             PrintWriter sigs = new PrintWriter(Files.newBufferedWriter(Path.of(out + ".minhash"), StandardCharsets.UTF_8))) {
            List<Doc> docs = parse(files);
            DuplicateDetector dd = DuplicateDetector.inMemory();
            for (Doc d : docs) {
                String text = d.parsed.text();
                w.println("== " + d.in.fileName());
                analyse(w, sigs, d.in, d.parsed, text, metadata, quality, chunkers, dd);
            }
            // SciFact abstracts as documents (one block per sentence group) + random texts
            ObjectMapper om = new ObjectMapper();
            List<String> lines = Files.readAllLines(Datasets.root().resolve("beir-scifact/corpus.jsonl"));
            for (int i = 0; i < Math.min(3000, lines.size()); i++) {
                JsonNode n = om.readTree(lines.get(i));
                String title = n.get("title").asText();
                String body = n.get("text").asText();
                List<TextBlock> blocks = new ArrayList<>();
                blocks.add(new TextBlock(title, 0, List.of(), true));
                String[] paras = body.split("(?<=\\.) (?=[A-Z])");
                StringBuilder para = new StringBuilder();
                for (int k = 0; k < paras.length; k++) {
                    para.append(para.length() > 0 ? " " : "").append(paras[k]);
                    if (k % 3 == 2 || k == paras.length - 1) {
                        blocks.add(new TextBlock(para.toString(), 1 + k / 6, List.of(title), false));
                        para.setLength(0);
                    }
                }
                ParsedDocument pd = new ParsedDocument("text/plain", blocks, Map.of(), 0, body.length(), List.of());
                DocumentInput in = new DocumentInput(null, body.getBytes(StandardCharsets.UTF_8), n.get("_id").asText()
                        + ".txt", null, "scifact", "/x/" + n.get("_id").asText(), Set.of(), Set.of(), null);
                w.println("== scifact " + n.get("_id").asText());
                analyse(w, sigs, in, pd, pd.text(), metadata, quality, chunkers, dd);
            }
            Random r = new Random(42);
            String[] pieces = {"the", "Study", "n = 12", "n=", "sample", "UK", "Germany", "COPD", "heart failure",
                    "2019", "March 2021", "15.03.2020", "e.g.", "Dr.", "Fig. 2", "x", "ΣΑΣ", "İstanbul", "日本語の文章。",
                    "한국어", "Привет мир.", "مرحبا", "\uD83D\uDE00", "\u2022", "(", ")", "\"", "?", "!", ";", ".", ". ",
                    "https://example.com/a/very/long/url/with/segments", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                    "\u3002", "\u00A0", "\t", "\n", "  ", "don't", "co-operate", "a/b", "word", "Word", "WORD", "étude",
                    "respondents", "methodology", "survey", "Cardiozen", "diabetes", "oncology", "1234567890123"};
            for (int i = 0; i < 4000; i++) {
                int nb = 1 + r.nextInt(6);
                List<TextBlock> blocks = new ArrayList<>();
                StringBuilder all = new StringBuilder();
                for (int b = 0; b < nb; b++) {
                    StringBuilder sb = new StringBuilder();
                    int len = r.nextInt(i % 10 == 0 ? 2000 : 120);
                    for (int k = 0; k < len; k++) {
                        sb.append(pieces[r.nextInt(pieces.length)]);
                        if (r.nextInt(3) > 0) sb.append(' ');
                    }
                    String t = sb.toString().strip();
                    if (t.isEmpty()) t = "x";
                    blocks.add(new TextBlock(t, r.nextInt(4), r.nextBoolean() ? List.of() : List.of("H" + r.nextInt(3),
                            "S" + r.nextInt(2)).subList(0, 1 + r.nextInt(2)), r.nextInt(4) == 0));
                    all.append(t).append(' ');
                }
                ParsedDocument pd = new ParsedDocument("text/plain", blocks, Map.of(), 0, all.length(), List.of());
                DocumentInput in = new DocumentInput(null, all.toString().getBytes(StandardCharsets.UTF_8), "r" + i + ".txt",
                        null, "rand", "/r/" + i, Set.of(), Set.of(), null);
                w.println("== random " + i);
                w.println("tokens " + TokenEstimator.estimate(all));
                w.println("taxonomy " + matcher.match(all.toString()));
                analyse(w, sigs, in, pd, pd.text(), metadata, quality, chunkers, dd);
            }
        }
    }

    private static void analyse(PrintWriter w, PrintWriter sigs, DocumentInput in, ParsedDocument pd, String text,
                                MetadataExtractor metadata, QualityScorer quality, List<Chunker> chunkers,
                                DuplicateDetector dd) {
        DocumentMetadata md = metadata.extract(in, pd, text);
        w.println("md " + md);
        long[] sig = dd.signature(text);
        sigs.println(in.fileName() + " " + Arrays.toString(sig));
        DuplicateCheck check = dd.check(DuplicateDetector.textHash(text), sig);
        sigs.println("  near " + check.near());
        dd.register(in.fileName() + "#" + in.path(), in.site(), in.path(), DuplicateDetector.textHash(text), sig);
        // quality without the near duplicates (they depend on the MinHash scheme), and with a fixed one
        w.println("q " + quality.score(md, text, List.of(), pd.warnings()));
        for (int c = 0; c < chunkers.size(); c++) {
            for (Chunk ch : chunkers.get(c).chunk(pd.blocks())) w.println("c" + c + " " + ch);
        }
    }
}
