-- The governance registry as this service last read it (from the compacted governance.agents.v1).
create table agent_registration (
    agent_id    text primary key,
    name        text,
    owner       text,
    model       text,
    status      text not null,
    reason      text,
    updated_at  timestamptz not null default now()
);

-- The latest mix model per brand and market (from insight.mix-models.v1); payload is the MixModelEvent as JSON.
create table mix_model (
    brand       text not null,
    market      text not null,
    model_id    text not null,
    version     int  not null,
    payload     text not null,
    received_at timestamptz not null default now(),
    primary key (brand, market)
);

-- A negotiation between the commercial and the finance agent. Every state the dialogue reaches is here, so a
-- restarted service resumes from the database and redelivered events change nothing.
create table conversation (
    id                 text primary key,
    brand              text not null,
    market             text not null,
    objective          text not null,
    requested_amount   double precision,
    horizon_weeks      int  not null,
    status             text not null,
    step               text not null,
    reason             text,
    started_by         text not null,
    correlation_id     text not null,
    opportunity        text,
    question_id        text,
    evidence_deadline  timestamptz,
    evidence           text,
    offer              text,
    proposal_id        text unique,
    proposal           text,
    decision           text,
    created_at         timestamptz not null default now(),
    updated_at         timestamptz not null default now()
);
create index conversation_status on conversation (status);
create index conversation_waiting on conversation (evidence_deadline) where step = 'AWAITING_EVIDENCE';

-- Every message of every conversation, in order (the same records as agent.dialogue.v1).
create table conversation_message (
    seq             bigserial primary key,
    message_id      text not null unique,
    conversation_id text not null references conversation (id),
    from_agent      text not null,
    to_agent        text not null,
    performative    text not null,
    task_state      text not null,
    payload         text not null,
    sent_at         timestamptz not null
);
create index conversation_message_conversation on conversation_message (conversation_id, seq);

-- The budget ledger: one line per brand x market x channel x period.
create table budget_line (
    id          text primary key,
    brand       text not null,
    market      text not null,
    channel     text not null,
    period      text not null,
    amount      double precision not null check (amount >= 0),
    committed   double precision not null default 0 check (committed >= 0),
    minimum     double precision not null default 0 check (minimum >= 0),
    updated_at  timestamptz not null default now(),
    unique (brand, market, channel, period)
);

-- The history of every line: imports and applied reallocations (proposal_id), append-only.
create table budget_line_history (
    seq             bigserial primary key,
    line_id         text not null references budget_line (id),
    kind            text not null,
    proposal_id     text,
    previous_amount double precision,
    new_amount      double precision not null,
    delta           double precision not null,
    actor           text not null,
    at              timestamptz not null default now()
);
create index budget_line_history_line on budget_line_history (line_id, seq);
-- a proposal changes a line at most once
create unique index budget_line_history_once on budget_line_history (line_id, proposal_id) where proposal_id is not null;
