-- The feed every instance's search index follows, so that any number of insight instances search the same record:
-- chunks in the order their vectors were stored (by whichever instance embedded them), and removals of documents.
create sequence chunk_indexed_seq;
alter table chunk add column indexed_seq bigint;
alter table chunk add column indexed_at timestamptz;
alter table chunk add column indexed_by text;
update chunk set indexed_seq = nextval('chunk_indexed_seq'), indexed_at = now() where vector is not null;
create index chunk_indexed on chunk (indexed_seq) where indexed_seq is not null;

create table index_removal (
    seq         bigserial   primary key,
    document_id text        not null,
    removed_at  timestamptz not null default now()
);

-- Chunks an instance is embedding (for a minute), so that instances embed different chunks.
alter table chunk add column claimed_by text;
alter table chunk add column claimed_until timestamptz;
