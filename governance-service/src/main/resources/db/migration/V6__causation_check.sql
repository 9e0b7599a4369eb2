-- Conformance: a dialogue message whose cause is not (yet) in the audit trail. Causes on other topics (an insight
-- answer, a governance decision) are recorded by another consumer, which may lag: the message is checked again until
-- its cause is recorded or its grace period ends, and only then is it a BROKEN_CAUSATION.
create table causation_check (
    message_id      text primary key,
    conversation_id text not null,
    correlation_id  text,
    causation_id    text not null,
    sender          text,
    receiver        text,
    event_id        text not null,
    due_at          timestamptz not null
);
create index causation_check_due on causation_check (due_at);
grant select, insert, update, delete on causation_check to governance_app;
