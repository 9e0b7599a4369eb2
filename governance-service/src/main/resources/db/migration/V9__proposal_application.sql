-- Whether an approved proposal was applied: PENDING from its approval, APPLIED when its ledger entries arrive
-- (budget.ledger.v1), FAILED when the agent reports it could not apply it (a FAILURE on agent.dialogue.v1).
alter table proposal add column application_status text;
alter table proposal add column application_at timestamptz;
alter table proposal add column application_detail text;
create index proposal_application on proposal (application_status, decided_at);

-- approvals from before: applied if the audit trail recorded a ledger entry of theirs, else pending
update proposal p set application_status = 'APPLIED', application_at = l.recorded_at,
       application_detail = 'ledger entries recorded for ' || l.lines
from (select proposal_id, min(recorded_at) as recorded_at, string_agg(distinct subject, ', ') as lines
      from (select case when event_type = 'dev.compass.budget.ledger-entry.v1'
                        then payload::jsonb ->> 'proposalId' end as proposal_id, recorded_at, subject
            from audit_record where event_type = 'dev.compass.budget.ledger-entry.v1') e
      where proposal_id is not null group by proposal_id) l
where l.proposal_id = p.id and p.status = 'APPROVED';
update proposal set application_status = 'PENDING' where status = 'APPROVED' and application_status is null;
