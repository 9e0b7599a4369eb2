package dev.compass.retrieval;

import dev.compass.retrieval.embedding.Embedder;
import dev.compass.retrieval.embedding.Vectors;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LiveIndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.search.similarities.BM25Similarity;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;
import org.apache.lucene.util.BytesRef;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rebuildable search index of chunks on a Lucene {@link Directory}: BM25 over title and text, HNSW over
 * unit vectors (dot product), hybrid fusion, metadata filters, and access-group filtering: every search runs on the
 * caller's view of the index, in which documents outside the caller's groups are not live ({@link VisibleReaders}),
 * so both the BM25 and the vector query skip them. It is a derived copy: the service keeps chunks and vectors as the record
 * and can {@link #rebuild} from them at any time.
 *
 * <p>Thread-safe: searches run concurrently; writes ({@code index}, {@code delete}, {@code clear},
 * {@code rebuild}) are serialised and become visible to searches when the call returns.
 */
public final class ChunkIndex implements Closeable {

    static final String DOCUMENT_ID = "documentId";
    static final String CHUNK_ID = "chunkId";
    static final String TITLE = "title";
    static final String TEXT = "text";
    static final String BODY = "body";
    static final String PAGE = "page";
    static final String ACL = "acl";
    static final String SITE = "site";
    static final String PRODUCT = "product";
    static final String COUNTRY = "country";
    static final String AREA = "therapeuticArea";
    static final String DATE = "date";
    static final String QUALITY = "quality";
    static final String VECTOR = "vector";
    private static final int EMBED_BATCH = 32;
    private static final int MAX_QUERY_TERMS = 256;

    private final Directory directory;
    private final Embedder embedder;
    private final RankingOptions options;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<Object, Object> statisticsCache = new ConcurrentHashMap<>();
    private final VisibleReaders visibleReaders = new VisibleReaders();

    /** Opens (or creates) an index in {@code directory}; the directory is closed with the index. */
    public ChunkIndex(Directory directory, Embedder embedder, RankingOptions options) {
        this.directory = directory;
        this.embedder = embedder;
        this.options = options;
        try {
            IndexWriterConfig config = new IndexWriterConfig(TextAnalysis.analyzer());
            config.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
            config.setRAMBufferSizeMB(64);
            this.writer = new IndexWriter(directory, config);
            this.writer.commit();
            this.searchers = new SearcherManager(writer, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An index held in memory (tests, small corpora). */
    public static ChunkIndex inMemory(Embedder embedder, RankingOptions options) {
        return new ChunkIndex(new ByteBuffersDirectory(), embedder, options);
    }

    /** An index memory-mapped from {@code path} (created if missing). */
    public static ChunkIndex onDisk(Path path, Embedder embedder, RankingOptions options) {
        try {
            return new ChunkIndex(new MMapDirectory(path), embedder, options);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds or replaces (by chunk id) chunks; chunks without a vector are embedded in batches. */
    public synchronized void index(List<IndexedChunk> chunks) {
        try {
            add(chunks);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes every chunk of a document. */
    public synchronized void delete(String documentId) {
        try {
            writer.deleteDocuments(new Term(DOCUMENT_ID, documentId));
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes everything. */
    public synchronized void clear() {
        try {
            writer.deleteAll();
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the whole content with {@code chunks} (given in batches, e.g. pages of a database query).
     * Searches keep seeing the previous content until the rebuild is complete. The new content ends as one
     * segment: a vector search walks one graph per segment, so a 100,000-chunk index in one segment answers a
     * hybrid query about 2.5 times faster than the same index in 12 (docs/bench/insight.md). The rebuild writes
     * with a larger indexing buffer (a quarter of the heap, 64–512 MB), so that few segments need merging.
     */
    public synchronized void rebuild(Iterable<List<IndexedChunk>> batches) {
        LiveIndexWriterConfig live = writer.getConfig();
        double buffer = live.getRAMBufferSizeMB();
        live.setRAMBufferSizeMB(Math.max(buffer, Math.min(512, Runtime.getRuntime().maxMemory() / 4 / (1 << 20))));
        try {
            writer.deleteAll();
            for (List<IndexedChunk> batch : batches) {
                add(batch); // by chunk id: a chunk updated while the rebuild pages through the record is kept once
            }
            writer.forceMerge(1);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            live.setRAMBufferSizeMB(buffer);
        }
    }

    /** Number of chunks in the index (all access groups). */
    public int size() {
        try {
            IndexSearcher s = searchers.acquire();
            try {
                return s.getIndexReader().numDocs();
            } finally {
                searchers.release(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The embedder used for chunks without vectors and for queries. */
    public Embedder embedder() {
        return embedder;
    }

    /** Searches on behalf of a caller; only chunks sharing an access group with the caller are considered. */
    public List<SearchHit> search(SearchRequest request) {
        float[] queryVector = request.mode() == SearchMode.LEXICAL ? null : embedder.embedQuery(request.query());
        return search(request, queryVector);
    }

    /** As {@link #search(SearchRequest)} with a precomputed unit query vector (ignored in lexical mode). */
    public List<SearchHit> search(SearchRequest request, float[] queryVector) {
        return search(request, queryVector, options);
    }

    /** As {@link #search(SearchRequest, float[])} with ranking options for this request only. */
    public List<SearchHit> search(SearchRequest request, float[] queryVector, RankingOptions ranking) {
        try {
            IndexSearcher base = searchers.acquire();
            try {
                return search(base, request, queryVector, ranking);
            } finally {
                searchers.release(base);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<SearchHit> search(IndexSearcher base, SearchRequest request, float[] queryVector,
                                   RankingOptions options) throws IOException {
        Query visible = visibleTo(request);
        String visibleKey = new TreeSet<>(request.accessGroups()).toString();
        // every query runs on the caller's view of the index: hidden documents are skipped like deleted ones
        IndexReader.CacheHelper content = base.getIndexReader().getReaderCacheHelper();
        IndexSearcher searcher = new VisibleStatisticsSearcher(visibleReaders.of(base, visible, visibleKey),
                content == null ? base.getIndexReader() : content.getKey(), visibleKey, statisticsCache);
        searcher.setSimilarity(new BM25Similarity((float) options.bm25K1(), (float) options.bm25B()));
        Query filter = filter(request.filters()); // null without metadata filters
        int n = Math.max(options.candidates(), request.limit());

        Map<Integer, Float> lexical = new LinkedHashMap<>();
        Map<Integer, Float> dense = new LinkedHashMap<>();
        List<String> analysed = TextAnalysis.terms(request.query());
        Map<String, Double> queryTerms = queryTerms(analysed);
        Query text = request.mode() == SearchMode.SEMANTIC ? null : lexicalQuery(queryTerms, analysed, options);
        if (text != null) {
            collect(searcher.search(filtered(text, filter), n), lexical);
        }
        if (request.mode() != SearchMode.LEXICAL) {
            collect(searcher.search(new KnnFloatVectorQuery(VECTOR, queryVector, n, filter), n), dense);
        }
        Map<Integer, Double> scores = fuse(searcher, request.mode(), text, queryVector, lexical, dense, options);
        if (text != null && options.lexicalFeedbackDocs() > 0 && options.lexicalFeedbackTerms() > 0
                && !scores.isEmpty()) {
            text = lexicalQuery(expandedTerms(searcher, queryTerms, scores, options), analysed, options);
            lexical.clear();
            collect(searcher.search(filtered(text, filter), n), lexical);
            scores = fuse(searcher, request.mode(), text, queryVector, lexical, dense, options);
        }
        if (request.mode() != SearchMode.LEXICAL && options.feedbackDocs() > 0 && !scores.isEmpty()) {
            float[] expanded = feedbackVector(searcher, queryVector, scores, options);
            dense.clear();
            collect(searcher.search(new KnnFloatVectorQuery(VECTOR, expanded, n, filter), n), dense);
            scores = fuse(searcher, request.mode(), text, expanded, lexical, dense, options);
        }
        return topHits(searcher, scores, request.limit(), options);
    }

    private static Query filtered(Query text, Query filter) {
        if (filter == null) {
            return text;
        }
        return new BooleanQuery.Builder()
                .add(text, BooleanClause.Occur.MUST)
                .add(filter, BooleanClause.Occur.FILTER)
                .build();
    }

    private static Map<Integer, Double> fuse(IndexSearcher searcher, SearchMode mode, Query text, float[] queryVector,
                                             Map<Integer, Float> lexical, Map<Integer, Float> dense,
                                             RankingOptions options) throws IOException {
        return switch (mode) {
            case LEXICAL -> toDouble(lexical);
            case SEMANTIC -> toDouble(dense);
            case HYBRID -> {
                if (!options.scoreUnion()) {
                    yield ScoreFusion.convex(lexical, dense, options.denseWeight(), options.normalisation());
                }
                Map<Integer, Float> lex = new HashMap<>(lexical);
                Map<Integer, Float> den = new HashMap<>(dense);
                lexicalScores(searcher, text, dense.keySet(), lex);
                denseScores(searcher, queryVector, lexical.keySet(), den);
                yield ScoreFusion.convex(lex, den, options.denseWeight(), options.normalisation());
            }
        };
    }

    /** Exact BM25 scores of {@code docs} not yet in {@code into}; 0 for a document no query term matches. */
    private static void lexicalScores(IndexSearcher searcher, Query text, java.util.Collection<Integer> docs,
                                      Map<Integer, Float> into) throws IOException {
        List<Integer> missing = docs.stream().filter(d -> !into.containsKey(d)).sorted().toList();
        if (missing.isEmpty()) {
            return;
        }
        if (text == null) {
            missing.forEach(d -> into.put(d, 0f));
            return;
        }
        Weight weight = searcher.createWeight(searcher.rewrite(text), ScoreMode.COMPLETE, 1f);
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int leafIndex = -1;
        Scorer scorer = null;
        DocIdSetIterator it = null;
        for (int doc : missing) {
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                scorer = weight.scorer(leaves.get(li));
                it = scorer == null ? null : scorer.iterator();
            }
            int local = doc - leaves.get(li).docBase;
            float score = 0f;
            if (it != null) {
                if (it.docID() < local) {
                    it.advance(local);
                }
                if (it.docID() == local) {
                    score = scorer.score();
                }
            }
            into.put(doc, score);
        }
    }

    /** Exact vector scores (as HNSW reports them) of {@code docs} not yet in {@code into}. */
    private static void denseScores(IndexSearcher searcher, float[] query, java.util.Collection<Integer> docs,
                                    Map<Integer, Float> into) throws IOException {
        List<Integer> missing = docs.stream().filter(d -> !into.containsKey(d)).sorted().toList();
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        int leafIndex = -1;
        FloatVectorValues values = null;
        for (int doc : missing) {
            int li = ReaderUtil.subIndex(doc, leaves);
            if (li != leafIndex) {
                leafIndex = li;
                values = leaves.get(li).reader().getFloatVectorValues(VECTOR);
            }
            int local = doc - leaves.get(li).docBase;
            float score = 0f;
            if (values != null) {
                if (values.docID() < local) {
                    values.advance(local);
                }
                if (values.docID() == local) {
                    score = VectorSimilarityFunction.DOT_PRODUCT.compare(query, values.vectorValue());
                }
            }
            into.put(doc, score);
        }
    }

    /**
     * RM3-style expansion: the relevance model of the top fused results (mean term distribution of their
     * analysed title and text) gives the expansion terms; the query is {@code (1 - w) * original + w * expansion},
     * each part normalised to sum 1.
     */
    private static Map<String, Double> expandedTerms(IndexSearcher searcher, Map<String, Double> original,
                                                     Map<Integer, Double> scores, RankingOptions options)
            throws IOException {
        List<Integer> top = scores.entrySet().stream()
                .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(options.lexicalFeedbackDocs()).map(Map.Entry::getKey).toList();
        Map<String, Double> model = new HashMap<>();
        var stored = searcher.storedFields();
        for (int doc : top) {
            Document d = stored.document(doc);
            String title = d.get(TITLE);
            List<String> terms = TextAnalysis.terms(title == null || title.isBlank() ? d.get(BODY)
                    : title + "\n" + d.get(BODY));
            for (String t : terms) {
                if (t.length() > 1 && !t.chars().allMatch(Character::isDigit)) {
                    model.merge(t, 1.0 / terms.size() / top.size(), Double::sum);
                }
            }
        }
        List<Map.Entry<String, Double>> best = model.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(options.lexicalFeedbackTerms()).toList();
        double expansionSum = best.stream().mapToDouble(Map.Entry::getValue).sum();
        double originalSum = original.values().stream().mapToDouble(Double::doubleValue).sum();
        double w = options.lexicalFeedbackWeight();
        Map<String, Double> out = new LinkedHashMap<>();
        original.forEach((t, c) -> out.put(t, (1 - w) * c / originalSum));
        if (expansionSum > 0) {
            for (Map.Entry<String, Double> e : best) {
                out.merge(e.getKey(), w * e.getValue() / expansionSum, Double::sum);
            }
        }
        return out;
    }

    /** Rocchio feedback: the query vector plus the weighted mean vector of the top results, normalised. */
    private static float[] feedbackVector(IndexSearcher searcher, float[] query, Map<Integer, Double> scores,
                                          RankingOptions options) throws IOException {
        List<Integer> top = scores.entrySet().stream()
                .sorted(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry::getKey))
                .limit(options.feedbackDocs()).map(Map.Entry::getKey).toList();
        float[] sum = new float[query.length];
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        for (int doc : top) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
            FloatVectorValues values = leaf.reader().getFloatVectorValues(VECTOR);
            int local = doc - leaf.docBase;
            if (values != null && values.advance(local) == local) {
                float[] v = values.vectorValue();
                for (int i = 0; i < sum.length; i++) {
                    sum[i] += v[i];
                }
            }
        }
        float[] out = new float[query.length];
        double w = options.feedbackWeight() / top.size();
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (query[i] + w * sum[i]);
        }
        return Vectors.normalize(out);
    }

    private static List<SearchHit> topHits(IndexSearcher searcher, Map<Integer, Double> scores, int limit,
                                           RankingOptions options) throws IOException {
        double prior = options.qualityPriorWeight();
        List<SearchHit> hits = new ArrayList<>();
        List<Map.Entry<Integer, Double>> ranked = new ArrayList<>(scores.entrySet());
        ranked.sort(Map.Entry.<Integer, Double>comparingByValue().reversed().thenComparing(Map.Entry::getKey));
        int load = prior > 0 ? ranked.size() : Math.min(limit, ranked.size());
        var stored = searcher.storedFields();
        for (int i = 0; i < load; i++) {
            Document d = stored.document(ranked.get(i).getKey());
            int quality = d.getField(QUALITY).numericValue().intValue();
            double score = ranked.get(i).getValue();
            if (prior > 0) {
                score = (1 - prior) * score + prior * quality / 100.0;
            }
            hits.add(new SearchHit(d.get(DOCUMENT_ID), d.get(CHUNK_ID), d.get(TITLE),
                    d.getField(PAGE).numericValue().intValue(), d.get(BODY), score, quality));
        }
        if (prior > 0) {
            hits.sort(Comparator.comparingDouble(SearchHit::score).reversed());
        }
        return hits.size() > limit ? List.copyOf(hits.subList(0, limit)) : hits;
    }

    /** Analysed query terms with their counts (at most {@value #MAX_QUERY_TERMS} distinct terms). */
    private static Map<String, Double> queryTerms(List<String> analysed) {
        Map<String, Double> counts = new LinkedHashMap<>();
        for (String t : analysed) {
            if (counts.size() < MAX_QUERY_TERMS || counts.containsKey(t)) {
                counts.merge(t, 1.0, Double::sum);
            }
        }
        return counts;
    }

    private static Query lexicalQuery(Map<String, Double> terms, List<String> ordered, RankingOptions options) {
        if (terms.isEmpty()) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        if (options.proximityWeight() > 0) {
            java.util.Set<List<String>> pairs = new java.util.LinkedHashSet<>();
            for (int i = 0; i + 1 < ordered.size() && pairs.size() < MAX_QUERY_TERMS; i++) {
                if (!ordered.get(i).equals(ordered.get(i + 1))) {
                    pairs.add(List.of(ordered.get(i), ordered.get(i + 1)));
                }
            }
            for (List<String> pair : pairs) {
                Query phrase = new org.apache.lucene.search.PhraseQuery(options.proximitySlop(), TEXT, pair.get(0),
                        pair.get(1));
                b.add(boost(phrase, options.proximityWeight()), BooleanClause.Occur.SHOULD);
            }
        }
        for (Map.Entry<String, Double> e : terms.entrySet()) {
            b.add(boost(new TermQuery(new Term(TEXT, e.getKey())), e.getValue()), BooleanClause.Occur.SHOULD);
            if (options.titleBoost() > 0) {
                b.add(boost(new TermQuery(new Term(TITLE, e.getKey())), e.getValue() * options.titleBoost()),
                        BooleanClause.Occur.SHOULD);
            }
        }
        return b.build();
    }

    private static Query boost(Query q, double boost) {
        return boost == 1.0 ? q : new BoostQuery(q, (float) boost);
    }

    /** The access filter: chunks sharing at least one group with the caller; nothing for a caller without groups. */
    private static Query visibleTo(SearchRequest request) {
        if (request.accessGroups().isEmpty()) {
            return new MatchNoDocsQuery("caller has no access group");
        }
        List<BytesRef> groups = request.accessGroups().stream().sorted().map(BytesRef::new).toList();
        return new TermInSetQuery(ACL, groups);
    }

    /** The metadata filters as one FILTER query, or null when there are none. */
    private static Query filter(SearchFilters f) {
        if (f == null) {
            return null;
        }
        BooleanQuery.Builder b = new BooleanQuery.Builder();
        term(b, SITE, f.site());
        term(b, PRODUCT, f.product());
        term(b, COUNTRY, f.country());
        term(b, AREA, f.therapeuticArea());
        if (f.from() != null || f.to() != null) {
            long from = f.from() == null ? Long.MIN_VALUE : f.from().toEpochDay();
            long to = f.to() == null ? Long.MAX_VALUE : f.to().toEpochDay();
            b.add(LongPoint.newRangeQuery(DATE, from, to), BooleanClause.Occur.FILTER);
        }
        if (f.minQuality() != null) {
            b.add(IntPoint.newRangeQuery(QUALITY, f.minQuality(), 100), BooleanClause.Occur.FILTER);
        }
        BooleanQuery q = b.build();
        return q.clauses().isEmpty() ? null : q;
    }

    private static void term(BooleanQuery.Builder b, String field, String value) {
        if (value != null) {
            b.add(new TermQuery(new Term(field, value)), BooleanClause.Occur.FILTER);
        }
    }

    private static void collect(TopDocs top, Map<Integer, Float> into) {
        for (ScoreDoc sd : top.scoreDocs) {
            into.put(sd.doc, sd.score);
        }
    }

    private static Map<Integer, Double> toDouble(Map<Integer, Float> m) {
        Map<Integer, Double> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.doubleValue()));
        return out;
    }

    private void add(List<IndexedChunk> chunks) throws IOException {
        for (int from = 0; from < chunks.size(); from += EMBED_BATCH) {
            List<IndexedChunk> batch = withVectors(chunks.subList(from, Math.min(chunks.size(), from + EMBED_BATCH)));
            for (IndexedChunk c : batch) {
                writer.updateDocument(new Term(CHUNK_ID, c.chunkId()), toDocument(c));
            }
        }
    }

    private List<IndexedChunk> withVectors(List<IndexedChunk> batch) {
        List<String> missing = new ArrayList<>();
        for (IndexedChunk c : batch) {
            if (c.vector() == null) {
                missing.add(c.embeddingText());
            }
        }
        if (missing.isEmpty()) {
            return batch;
        }
        List<float[]> vectors = embedder.embedAll(missing);
        List<IndexedChunk> out = new ArrayList<>(batch.size());
        int next = 0;
        for (IndexedChunk c : batch) {
            out.add(c.vector() == null ? c.withVector(vectors.get(next++)) : c);
        }
        return out;
    }

    private Document toDocument(IndexedChunk c) {
        if (c.vector().length != embedder.dimension()) {
            throw new IllegalArgumentException("vector of chunk " + c.chunkId() + " has " + c.vector().length
                    + " dimensions, expected " + embedder.dimension());
        }
        Document d = new Document();
        d.add(new StringField(DOCUMENT_ID, c.documentId(), Field.Store.YES));
        d.add(new StringField(CHUNK_ID, c.chunkId(), Field.Store.YES));
        d.add(new StoredField(TITLE, c.title()));
        d.add(new StoredField(BODY, c.text()));
        d.add(new StoredField(PAGE, c.page()));
        String searchable = c.title().isBlank() ? c.text() : c.title() + "\n" + c.text();
        d.add(new TextField(TEXT, searchable, Field.Store.NO));
        d.add(new NumericDocValuesField(lengthField(TEXT), TextAnalysis.terms(searchable).size()));
        if (!c.title().isBlank()) {
            d.add(new TextField(TITLE, c.title(), Field.Store.NO));
            d.add(new NumericDocValuesField(lengthField(TITLE), TextAnalysis.terms(c.title()).size()));
        }
        for (String group : c.accessGroups()) {
            d.add(new StringField(ACL, group, Field.Store.NO));
        }
        keyword(d, SITE, c.site());
        keyword(d, PRODUCT, c.product());
        keyword(d, COUNTRY, c.country());
        keyword(d, AREA, c.therapeuticArea());
        if (c.documentDate() != null) {
            d.add(new LongPoint(DATE, c.documentDate().toEpochDay()));
        }
        d.add(new IntPoint(QUALITY, c.quality()));
        d.add(new StoredField(QUALITY, c.quality()));
        d.add(new KnnFloatVectorField(VECTOR, c.vector(), VectorSimilarityFunction.DOT_PRODUCT));
        return d;
    }

    private static void keyword(Document d, String field, String value) {
        if (value != null) {
            d.add(new StringField(field, value, Field.Store.NO));
        }
    }

    static String lengthField(String field) {
        return "len_" + field;
    }

    private void commit() throws IOException {
        writer.commit();
        searchers.maybeRefreshBlocking();
    }

    /** Forces merging into one segment (after bulk loads, for benchmarks). */
    public synchronized void forceMerge() {
        try {
            writer.forceMerge(1);
            commit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        searchers.close();
        writer.close();
        directory.close();
    }
}
