-- GET /api/v1/proposals?status=EXPIRED lists the proposals the expiry job wrote EXPIRED and the pending ones past their
-- deadline it has not written yet, oldest first: one index range scan per page over both (the pending ones not yet due
-- are few and filtered out).
create index proposal_lapsing_received on proposal (received_at, id) where status in ('PENDING_APPROVAL', 'EXPIRED');
