package dev.compass.retrieval;

/** How a query is matched. */
public enum SearchMode {
    /** BM25 and vector similarity, fused (default). */
    HYBRID,
    /** BM25 only. */
    LEXICAL,
    /** Vector similarity only. */
    SEMANTIC
}
