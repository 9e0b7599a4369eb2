-- MinHash signature scheme (dev.compass.documents.dedupe.MinHasher.SCHEME). Rows stored before this migration were
-- made by scheme 1 (128 permutations per shingle); the pipeline now makes scheme 2 (one-permutation hashing with
-- optimal densification), whose values are not comparable with scheme 1. The pipeline ignores near-duplicate
-- candidates of another scheme; exact duplicates (content_hash) still work. A document whose content changes is
-- registered again with a scheme-2 row; an unchanged scheme-1 document keeps its row and is matched only as an exact
-- duplicate until its signature is made again (there is no re-signing job yet). The default 1 labels the existing
-- rows (and rows inserted by a not yet upgraded instance during a rolling deploy, which still makes scheme 1).
alter table doc_signature add column scheme int not null default 1;
