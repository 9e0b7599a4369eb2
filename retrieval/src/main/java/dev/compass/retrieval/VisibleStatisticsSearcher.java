package dev.compass.retrieval;

import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.CollectionStatistics;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermStatistics;

import java.io.IOException;
import java.util.Map;

/**
 * An {@link IndexSearcher} whose BM25 statistics (document frequency, document count, average length) are
 * computed over the documents the caller may see only, and over live documents only. A hidden document
 * therefore cannot change a visible document's score, so scores leak nothing about hidden content.
 */
final class VisibleStatisticsSearcher extends IndexSearcher {

    private final Query visible;
    private final String visibleKey;
    private final Map<Object, CollectionStatistics> cache;

    VisibleStatisticsSearcher(IndexReader reader, Query visible, String visibleKey,
                              Map<Object, CollectionStatistics> cache) {
        super(reader);
        this.visible = visible;
        this.visibleKey = visibleKey;
        this.cache = cache;
    }

    @Override
    public TermStatistics termStatistics(Term term, int docFreq, long totalTermFreq) throws IOException {
        int df = count(new BooleanQuery.Builder()
                .add(new TermQuery(term), BooleanClause.Occur.FILTER)
                .add(visible, BooleanClause.Occur.FILTER)
                .build());
        // no visible document has the term: it cannot match anything the caller sees, so any statistics do;
        // Lucene needs non-null ones because the term exists in the (hidden or deleted) rest of the index
        return new TermStatistics(term.bytes(), Math.max(1, df), Math.max(1, df));
    }

    @Override
    public CollectionStatistics collectionStatistics(String field) throws IOException {
        Object key = java.util.List.of(getIndexReader().getReaderCacheHelper() == null
                ? getIndexReader() : getIndexReader().getReaderCacheHelper().getKey(), visibleKey, field);
        CollectionStatistics cached = cache.get(key);
        if (cached != null) {
            return cached;
        }
        CollectionStatistics stats = compute(field);
        if (cache.size() > 10_000) {
            cache.clear();
        }
        cache.put(key, stats);
        return stats;
    }

    private CollectionStatistics compute(String field) throws IOException {
        String lengthField = ChunkIndex.lengthField(field);
        long[] sums = new long[2];
        search(visible, new SimpleCollector() {
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
