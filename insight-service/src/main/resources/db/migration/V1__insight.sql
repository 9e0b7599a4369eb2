-- insight-service: the record of indexed documents and chunks (the Lucene index is derived from it),
-- executive summaries, data sets and fitted mix models.

create table document (
    document_id   text primary key,
    title         text,
    site          text,
    access_groups text[]      not null default '{}',
    total_chunks  int         not null,
    status        text        not null check (status in ('PENDING', 'INDEXED', 'DELETED')),
    quality       int         not null default 0,
    updated_at    timestamptz not null default now()
);

-- One chunk: text, facets and the embedding vector (null until embedded). Deleted documents keep no chunks.
create table chunk (
    seq              bigserial   not null unique,
    chunk_id         text primary key,
    document_id      text        not null references document (document_id),
    ordinal          int         not null,
    page             int         not null default 0,
    title            text,
    text             text        not null,
    access_groups    text[]      not null default '{}',
    site             text,
    product          text,
    country          text,
    therapeutic_area text,
    document_date    date,
    quality          int         not null,
    vector           bytea,       -- little-endian float32 x dimension, unit length
    embedder         text,
    received_at      timestamptz not null default now()
);
create index chunk_document on chunk (document_id, ordinal);
create index chunk_unembedded on chunk (seq) where vector is null;

-- Executive synthesis of a fully indexed document.
create table document_summary (
    document_id text primary key references document (document_id),
    summary     text        not null,
    findings    text        not null,
    method      text        not null,
    created_at  timestamptz not null default now()
);

-- Index rebuilds requested by administrators, with progress.
create table index_rebuild (
    id           text primary key,
    status       text        not null,
    total        bigint      not null,
    done         bigint      not null default 0,
    requested_by text        not null,
    started_at   timestamptz not null default now(),
    finished_at  timestamptz,
    error        text
);

-- Weekly data sets, stored as CSV whatever their origin (REST upload or ingestion.datasets.v1), so that a model
-- can be refitted (calibration) from the same data.
create table dataset (
    dataset_id  text primary key,
    brand       text        not null,
    market      text        not null,
    kpi         text        not null,
    date_column text        not null,
    controls    text        not null default '',
    ignored     text        not null default '',
    csv         text        not null,
    origin      text        not null,
    fit_status  text        not null default 'PENDING',
    fit_error   text,
    received_at timestamptz not null default now()
);

-- Fitted mix models: one row per version; the fitted model is kept whole (JSON) so that curves and optimisations
-- are recomputed from it.
create table mix_model (
    model_id    text primary key,
    brand       text        not null,
    market      text        not null,
    kpi         text        not null,
    version     int         not null,
    dataset_id  text        not null references dataset (dataset_id),
    parent_id   text references mix_model (model_id),
    model_json  text        not null,
    created_by  text        not null,
    created_at  timestamptz not null default now(),
    unique (brand, market, version)
);
create index mix_model_brand_market on mix_model (brand, market, version desc);
