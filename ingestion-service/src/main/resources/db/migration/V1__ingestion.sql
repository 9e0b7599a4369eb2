-- Originals, content-addressed: one row per distinct SHA-256, whatever happens to the documents that use it.
-- bytea (not large objects): the row commits in the same transaction as the RECEIVED document, is replicated and
-- backed up with the rest of the database, and needs no lo_unlink housekeeping; the pipeline caps documents at
-- 50 MB and PostgreSQL TOASTs (compresses, stores out of line) large values. Identical files stored once.
create table blob (
    content_hash text primary key,
    size_bytes   bigint      not null,
    media_type   text,
    data         bytea       not null,
    created_at   timestamptz not null default now()
);

create table document (
    id            text primary key,
    site          text        not null,
    path          text        not null,
    title         text,
    file_name     text,
    declared_type text,
    media_type    text,
    groups        text[]      not null default '{}',
    tags          jsonb       not null default '{}',
    content_hash  text        not null references blob (content_hash),
    size_bytes    bigint      not null,
    status        text        not null,
    reason        text,
    detail        text,
    duplicate_of  text,
    metadata      jsonb,
    quality       jsonb,
    chunk_count   int,
    source_id     text,
    lease_owner   text,
    lease_until   timestamptz,
    attempts      int         not null default 0,
    correlation_id text,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now()
);
-- the same bytes at the same site and path are the same upload (idempotent re-upload)
create unique index document_same_upload on document (site, path, content_hash) where status <> 'DELETED';
create index document_received on document (created_at) where status = 'RECEIVED';
create index document_status_keyset on document (status, id);
create index document_site_keyset on document (site, id);

-- Near-duplicate fingerprints (the pipeline's SignatureStore): one per registered (published) document, and its
-- LSH band buckets for candidate lookup.
create table doc_signature (
    document_id  text primary key,
    content_hash text   not null unique,
    site         text,
    path         text,
    minhash      bigint[] not null
);
create table doc_signature_band (
    band        int    not null,
    bucket      bigint not null,
    document_id text   not null references doc_signature (document_id) on delete cascade,
    primary key (band, bucket, document_id)
);

-- Connectors.
create table source (
    id         text primary key,
    type       text        not null,
    name       text        not null,
    config     jsonb       not null,
    created_at timestamptz not null default now()
);

create table sync (
    id                  text primary key,
    source_id           text        not null references source (id),
    status              text        not null,
    sites_total         int         not null default 0,
    enumeration_done    boolean     not null default false,
    full_resync         boolean     not null default false,
    errors              jsonb       not null default '[]',
    started_at          timestamptz not null default now(),
    finished_at         timestamptz
);

-- one row per site of a sync: the unit of work spread over the crawl-work topic; counters per site so that
-- concurrent consumers never contend on one row
create table sync_site (
    sync_id       text        not null references sync (id),
    site_id       text        not null,
    site_name     text,
    status        text        not null default 'PENDING',
    items_seen    int         not null default 0,
    items_new     int         not null default 0,
    items_changed int         not null default 0,
    items_deleted int         not null default 0,
    items_failed  int         not null default 0,
    errors        jsonb       not null default '[]',
    attempts      int         not null default 0,
    finished_at   timestamptz,
    primary key (sync_id, site_id)
);

-- What a source last showed us of each item (incremental sync): the document it became.
create table source_item (
    source_id     text        not null references source (id),
    item_key      text        not null,
    site_id       text        not null,
    drive_id      text,
    path          text        not null,
    size_bytes    bigint,
    modified      text,
    version_tag   text,
    content_hash  text,
    document_id   text,
    seen_round    text,
    primary key (source_id, item_key)
);
create index source_item_site on source_item (source_id, site_id);
create index source_item_drive on source_item (source_id, drive_id);

-- Microsoft Graph drive delta state: the deltaLink of the last complete round and, mid-round, the nextLink to
-- resume from (a crashed or rebalanced instance continues where the last page was committed).
create table drive_delta (
    source_id   text not null references source (id),
    drive_id    text not null,
    site_id     text not null,
    delta_link  text,
    resume_link text,
    round_id    text,
    updated_at  timestamptz not null default now(),
    primary key (source_id, drive_id)
);

create table dataset (
    id           text primary key,
    brand        text        not null,
    market       text        not null,
    kpi          text        not null,
    date_column  text        not null,
    channels     text[]      not null default '{}',
    controls     text[]      not null default '{}',
    status       text        not null,
    weeks        int         not null default 0,
    issues       jsonb       not null,
    media_type   text        not null,
    content_hash text        not null references blob (content_hash),
    created_by   text,
    created_at   timestamptz not null default now()
);
