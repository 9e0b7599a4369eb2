-- Automatic approval limits count together per budget line: every proposal's moves, one row each, so that the moves
-- approved automatically from or to a line are added up before another proposal touching it is approved
-- automatically (a move split over several proposals no longer slips under the limits one piece at a time).
create table proposal_move (
    proposal_id      text    not null references proposal (id),
    seq              int     not null,
    from_line_id     text,
    to_line_id       text,
    amount           numeric not null,
    from_line_amount numeric not null,
    primary key (proposal_id, seq)
);
create index proposal_move_from_line on proposal_move (from_line_id);
create index proposal_move_to_line on proposal_move (to_line_id);
-- automatic approvals are found by line, then by when they were decided
create index proposal_decided on proposal (status, decided_by, decided_at);

-- the proposals received before: their moves from the payload (JSON the service wrote itself)
insert into proposal_move (proposal_id, seq, from_line_id, to_line_id, amount, from_line_amount)
select p.id, m.ord::int, m.move ->> 'fromLineId', m.move ->> 'toLineId', coalesce((m.move ->> 'amount')::numeric, 0),
       coalesce((m.move ->> 'fromLineAmount')::numeric, 0)
from proposal p
cross join lateral jsonb_array_elements(case when jsonb_typeof(p.payload::jsonb -> 'moves') = 'array'
        then p.payload::jsonb -> 'moves' else '[]'::jsonb end) with ordinality as m(move, ord);

grant select, insert, update, delete on proposal_move to governance_app;
