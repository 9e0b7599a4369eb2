-- Tables of the service kit, present in every service's database.

-- Transactional outbox: an event is written in the same transaction as the change it announces, and the relay
-- publishes it to Kafka afterwards (at least once; consumers deduplicate by event id).
create table outbox_event (
    seq            bigserial primary key,
    event_id       uuid        not null unique,
    topic          text        not null,
    event_key      text        not null,
    ce_type        text        not null,
    ce_source      text        not null,
    ce_subject     text,
    correlation_id text        not null,
    causation_id   text,
    traceparent    text,
    payload        text        not null,
    created_at     timestamptz not null default now(),
    published_at   timestamptz
);
create index outbox_event_unpublished on outbox_event (seq) where published_at is null;

-- Idempotent consumers: the id of every event a consumer has applied, written in the effect's transaction.
create table processed_event (
    consumer     text        not null,
    event_id     text        not null,
    processed_at timestamptz not null default now(),
    primary key (consumer, event_id)
);
