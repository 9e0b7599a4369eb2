-- The audit trail: append-only, hash-chained. Every event of every topic, once.
create table audit_record (
    seq            bigint primary key,
    topic          text        not null,
    kafka_partition int        not null,
    kafka_offset   bigint      not null,
    event_id       text        not null unique,
    event_type     text        not null,
    event_time     text,
    recorded_at    timestamptz not null default now(),
    subject        text,
    correlation_id text,
    causation_id   text,
    conversation_id text,
    payload        text        not null,
    prev_hash      text        not null,
    hash           text        not null
);
create index audit_record_correlation on audit_record (correlation_id);
create index audit_record_conversation on audit_record (conversation_id);
create index audit_record_subject on audit_record (subject);

-- The head of the chain: one row, locked while appending, so that records are chained in one order.
create table audit_chain_head (
    id       int primary key check (id = 1),
    last_seq bigint not null,
    last_hash text  not null
);
insert into audit_chain_head values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Append-only: no update, delete or truncate of audit rows, whoever connects (a DBA must disable the trigger
-- explicitly, and the hash chain then reveals the change).
create function audit_record_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit records are append-only';
end $$;
create trigger audit_record_no_update before update or delete on audit_record
    for each row execute function audit_record_is_append_only();
create trigger audit_record_no_truncate before truncate on audit_record
    for each statement execute function audit_record_is_append_only();

-- The agent registry.
create table agent (
    id          text primary key,
    name        text not null,
    owner       text,
    purpose     text not null,
    tools       text not null,
    data_scopes text not null,
    risk_tier   text not null,
    model       text,
    status      text not null,
    status_reason text,
    created_by  text not null,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     bigint not null default 0
);
