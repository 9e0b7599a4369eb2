package dev.compass.retrieval;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermStatistics;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * An {@link IndexSearcher} over a caller's view of the index ({@link VisibleReaders}: its live documents are the live
 * documents the caller may see) whose BM25 statistics (document frequency, document count, average length) are
 * computed over those live documents only, not taken from the index as a whole. A hidden document therefore cannot
 * change a visible document's score, so scores leak nothing about hidden content.
 */
final class VisibleStatisticsSearcher extends IndexSearcher {

    private static final int MAX_CACHED = 200_000;

    private final Object readerKey;
    private final String visibleKey;
    private final Map<Object, Object> cache;

    /**
     * @param view      the caller's view of the index (hidden documents are not live in it)
     * @param readerKey identifies the content of {@code reader} (the cache key of the index reader it views: a small
     *                  object that does not keep the reader itself reachable)
     * @param visibleKey identifies the caller's visible set (e.g. the sorted access groups)
     * @param cache statistics already computed, shared between searches: keyed by this reader (a new one after
     *              every commit), the visible set and the field or term, so an entry never outlives its reader's
     *              content
     */
    VisibleStatisticsSearcher(IndexReader view, Object readerKey, String visibleKey, Map<Object, Object> cache) {
        super(view);
        this.readerKey = readerKey;
        this.visibleKey = visibleKey;
        this.cache = cache;
    }

    @Override
    public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
        // counting the visible documents with the term is a large part of a query's cost (a common term's postings
        // checked against the visible set), and the same terms come back query after query
        Object key = List.of(readerKey, visibleKey, term.field(), term.text());
        Integer cached = (Integer) cache.get(key);
        int df;
        if (cached != null) {
            df = cached;
        } else {
            df = count(new TermQuery(term)); // counts live, i.e. visible, documents only
            remember(key, df);
        }
        // no visible document has the term: it cannot match anything the caller sees, so any statistics do;
        // Lucene needs non-null ones because the term exists in the (hidden or deleted) rest of the index
        return new TermStatistics(term.bytes(), Math.max(1, df), Math.max(1, df));
    }

    @Override
    public CollectionStatistics collectionStatistics(String field) throws IOException {
        Object key = List.of(readerKey, visibleKey, field);
        CollectionStatistics cached = (CollectionStatistics) cache.get(key);
        if (cached != null) {
            return cached;
        }
        CollectionStatistics stats = compute(field);
        remember(key, stats);
        return stats;
    }

    private void remember(Object key, Object value) {
        if (cache.size() > MAX_CACHED) {
            cache.clear(); // entries of earlier readers are dead weight; starting over is cheaper than an LRU here
        }
        cache.put(key, value);
    }

    private CollectionStatistics compute(String field) throws IOException {
        String lengthField = ChunkIndex.lengthField(field);
        long[] sums = new long[2];
        search(new MatchAllDocsQuery(), new SimpleCollector() { // collects live, i.e. visible, documents only
            private NumericDocValues lengths;

            @Override
            protected void doSetNextReader(LeafReaderContext context) throws IOException {
                lengths = context.reader().getNumericDocValues(lengthField);
            }

            @Override
            public void collect(int doc) throws IOException {
                if (lengths != null && lengths.advanceExact(doc) && lengths.longValue() > 0) {
                    sums[0]++;
                    sums[1] += lengths.longValue();
                }
            }

            @Override
            public ScoreMode scoreMode() {
                return ScoreMode.COMPLETE_NO_SCORES;
            }
        });
        long docCount = sums[0];
        if (docCount == 0) {
            return new CollectionStatistics(field, 1, 1, 1, 1); // nothing visible: no match, any statistics do
        }
        return new CollectionStatistics(field, docCount, docCount, Math.max(sums[1], docCount), docCount);
    }
}
