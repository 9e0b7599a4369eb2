-- Audit trail, part 2: signed checkpoints (truncation of the tail is detected), story look-ups by causation.
create index audit_record_causation on audit_record (causation_id);

-- A checkpoint signs (seq, hash) of the chain with a key the database does not hold (HMAC-SHA256).
create table audit_checkpoint (
    seq        bigint primary key,
    hash       text        not null,
    key_id     text        not null,
    signature  text        not null,
    signed_at  timestamptz not null default now()
);
create trigger audit_checkpoint_no_update before update or delete on audit_checkpoint
    for each row execute function audit_record_is_append_only();
create trigger audit_checkpoint_no_truncate before truncate on audit_checkpoint
    for each statement execute function audit_record_is_append_only();

-- Use-case registry.
create table use_case (
    id              text primary key,
    title           text not null,
    problem         text not null,
    expected_value  text,
    data_sources    text not null,
    owner           text not null,
    business_unit   text,
    category        text not null,
    sourcing        text not null,
    status          text not null,
    possible_duplicate_of text,
    merged_into     text,
    embedding       bytea,
    created_by      text not null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    version         bigint not null default 0
);
create index use_case_status on use_case (status);

create table use_case_history (
    id          bigserial primary key,
    use_case_id text not null references use_case (id),
    from_status text,
    to_status   text not null,
    comment     text,
    actor       text not null,
    at          timestamptz not null default now()
);
create index use_case_history_use_case on use_case_history (use_case_id, id);

create table sandbox (
    id            text primary key,
    use_case_id   text not null references use_case (id),
    token_hash    text not null unique,
    scopes        text not null,
    max_queries_per_day int not null,
    max_storage_mb int not null,
    expires_at    timestamptz not null,
    created_by    text not null,
    created_at    timestamptz not null default now()
);

-- Budget policy: every change is a new version; the latest applies.
create table budget_policy (
    version                 bigint primary key,
    max_auto_amount         numeric not null,
    max_share_of_line       numeric not null,
    require_non_negative_gain boolean not null,
    pending_ttl_seconds     bigint not null,
    updated_by              text not null,
    updated_at              timestamptz not null default now()
);
insert into budget_policy values (1, 50000, 0.2, true, 172800, 'migration', now());

create table proposal (
    id              text primary key,
    event_id        text not null,
    conversation_id text,
    correlation_id  text,
    brand           text,
    market          text,
    proposed_by     text not null,
    requested_by    text,
    total_amount    numeric not null,
    projected_gain  numeric not null,
    current_return  numeric not null,
    new_return      numeric not null,
    payload         text not null,
    status          text not null,
    policy_version  bigint,
    reason          text,
    decided_by      text,
    decision_comment text,
    received_at     timestamptz not null default now(),
    expires_at      timestamptz,
    decided_at      timestamptz,
    version         bigint not null default 0
);
create index proposal_status on proposal (status, expires_at);

-- Conformance: the messages seen per conversation (causation checks).
create table dialogue_message (
    message_id      text primary key,
    conversation_id text not null,
    sender          text,
    receiver        text,
    seen_at         timestamptz not null default now()
);
create index dialogue_message_conversation on dialogue_message (conversation_id);

create table violation (
    id              text primary key,
    kind            text not null,
    subject_id      text not null,
    conversation_id text,
    detail          text,
    detected_at     timestamptz not null default now()
);

-- Adoption: usage signals.
create table usage_event (
    usage_id    text primary key,
    username    text not null,
    roles       text not null,
    action      text not null,
    service     text,
    occurred_at timestamptz not null,
    day         date not null
);
create index usage_event_day on usage_event (day);

-- A restricted role for the running service: it may read and append audit rows but never change or remove them,
-- and as it owns no table it cannot disable the triggers either. Migrations run as the owner (quarkus.flyway.username);
-- the service connects as this role in production (DB_USER=governance_app, a password set by the operator).
do $$
begin
    if not exists (select 1 from pg_roles where rolname = 'governance_app') then
        create role governance_app nologin;
    end if;
end $$;
grant usage on schema public to governance_app;
grant select, insert, update, delete on all tables in schema public to governance_app;
grant usage, select on all sequences in schema public to governance_app;
revoke update, delete, truncate on audit_record, audit_checkpoint from governance_app;
revoke delete, truncate on use_case_history from governance_app;
