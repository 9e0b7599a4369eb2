package dev.compass.retrieval.eval;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.StopFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.KStemFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Lexical-only analyzer comparison on BEIR SciFact (plain Lucene BM25 k1 0.9 b 0.4 over title + text, outside
 * {@link dev.compass.retrieval.ChunkIndex}): nDCG@10 and recall@100 of BM25 with each analyzer variant on the
 * splits asked for ({@code odd}, {@code even}, {@code all}).
 *
 * <p>Usage: {@code AnalyzerStudy SPLITS [datasetDir]}.
 */
public final class AnalyzerStudy {

    private AnalyzerStudy() {
    }

    /** Runs every analyzer variant. */
    public static void main(String[] args) throws IOException {
        List<String> splits = List.of(args[0].split(","));
        Path dir = Path.of(args.length > 1 ? args[1] : "/work/shared/datasets/beir-scifact");
        Map<String, String[]> corpus = SciFactEvaluation.readCorpus(dir.resolve("corpus.jsonl"));
        Map<String, String> queries = SciFactEvaluation.readQueries(dir.resolve("queries_train.jsonl"));
        Map<String, Set<String>> qrels = SciFactEvaluation.readQrels(dir.resolve("qrels/train.tsv"));
        List<String> queryIds = new ArrayList<>(qrels.keySet());
        queryIds.removeIf(q -> !queries.containsKey(q));
        queryIds.sort((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b)));
        Map<String, List<String>> ids = Map.of(
                "odd", queryIds.stream().filter(q -> Integer.parseInt(q) % 2 == 1).toList(),
                "even", queryIds.stream().filter(q -> Integer.parseInt(q) % 2 == 0).toList(),
                "all", queryIds);

        CharArraySet stop = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
        Map<String, Analyzer> variants = new LinkedHashMap<>();
        variants.put("EnglishAnalyzer (possessive, stop, Porter)", new EnglishAnalyzer());
        variants.put("possessive, stop, KStem", chain(ts -> new KStemFilter(new StopFilter(ts, stop))));
        variants.put("possessive, stop, English minimal (plural) stem",
                chain(ts -> new EnglishMinimalStemFilter(new StopFilter(ts, stop))));
        variants.put("possessive, stop, no stemming", chain(ts -> new StopFilter(ts, stop)));
        variants.put("possessive, no stop words, Porter", chain(PorterStemFilter::new));
        variants.put("possessive, stop, ASCII folding, Porter",
                chain(ts -> new PorterStemFilter(new StopFilter(new ASCIIFoldingFilter(ts), stop))));

        for (Map.Entry<String, Analyzer> v : variants.entrySet()) {
            Analyzer analyzer = v.getValue();
            try (ByteBuffersDirectory d = new ByteBuffersDirectory()) {
                try (IndexWriter w = new IndexWriter(d, new IndexWriterConfig(analyzer)
                        .setSimilarity(new BM25Similarity(0.9f, 0.4f)))) {
                    for (Map.Entry<String, String[]> e : corpus.entrySet()) {
                        Document doc = new Document();
                        doc.add(new StringField("id", e.getKey(), Field.Store.YES));
                        String[] t = e.getValue();
                        doc.add(new TextField("text", t[0].isBlank() ? t[1] : t[0] + "\n" + t[1], Field.Store.NO));
                        w.addDocument(doc);
                    }
                    w.forceMerge(1);
                }
                try (DirectoryReader r = DirectoryReader.open(d)) {
                    IndexSearcher s = new IndexSearcher(r);
                    s.setSimilarity(new BM25Similarity(0.9f, 0.4f));
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-50s", v.getKey()));
                    for (String split : splits) {
                        double ndcg = 0;
                        double recall = 0;
                        for (String q : ids.get(split)) {
                            Query query = query(analyzer, queries.get(q));
                            List<String> hits = new ArrayList<>();
                            if (query != null) {
                                for (ScoreDoc sd : s.search(query, 100).scoreDocs) {
                                    hits.add(s.storedFields().document(sd.doc).get("id"));
                                }
                            }
                            double[] m = metrics(hits, qrels.get(q));
                            ndcg += m[0];
                            recall += m[1];
                        }
                        int n = ids.get(split).size();
                        line.append(String.format(Locale.ROOT, " | %s %.4f %.4f", split, ndcg / n, recall / n));
                    }
                    System.out.println(line);
                }
            }
        }
    }

    private static Analyzer chain(Function<TokenStream, TokenStream> tail) {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer source = new StandardTokenizer();
                TokenStream ts = new LowerCaseFilter(new EnglishPossessiveFilter(source));
                return new TokenStreamComponents(source, tail.apply(ts));
            }
        };
    }

    private static Query query(Analyzer analyzer, String text) throws IOException {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (TokenStream ts = analyzer.tokenStream("text", text)) {
            CharTermAttribute term = ts.addAttribute(CharTermAttribute.class);
            ts.reset();
            while (ts.incrementToken()) {
                counts.merge(term.toString(), 1, Integer::sum);
            }
            ts.end();
        }
        if (counts.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        counts.forEach((t, c) -> {
            Query tq = new TermQuery(new Term("text", t));
            b.add(c == 1 ? tq : new BoostQuery(tq, c), BooleanClause.Occur.SHOULD);
        });
        return b.build();
    }

    private static double[] metrics(List<String> hits, Set<String> rel) {
        double dcg = 0;
        int found = 0;
        for (int i = 0; i < hits.size(); i++) {
            if (rel.contains(hits.get(i))) {
                found++;
                if (i < 10) {
                    dcg += 1 / (Math.log(i + 2) / Math.log(2));
                }
            }
        }
        double idcg = 0;
        for (int i = 0; i < Math.min(10, rel.size()); i++) {
            idcg += 1 / (Math.log(i + 2) / Math.log(2));
        }
        return new double[] {dcg / idcg, (double) found / rel.size()};
    }
}
