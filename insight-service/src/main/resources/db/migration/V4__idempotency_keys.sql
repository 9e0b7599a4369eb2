-- The Idempotency-Key of a request that fits a mix model (CSV, data set or calibration), per caller: a request sent
-- again with the same key answers the model the first one made (model_id; null while it is fitting). fingerprint is
-- the SHA-256 of the request (operation, parameters, body): the same key with another request is refused. Kept 24 h.
create table idempotency_key (
    caller      text        not null,
    key         text        not null,
    fingerprint text        not null,
    model_id    text,
    created_at  timestamptz not null default now(),
    primary key (caller, key)
);
create index idempotency_key_created on idempotency_key (created_at);
