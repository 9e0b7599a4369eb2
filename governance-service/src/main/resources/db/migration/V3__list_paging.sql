-- Keyset paging of GET /api/v1/proposals (newest first; by status oldest first) and GET /api/v1/use-cases (oldest
-- first): one index range scan per page.
create index proposal_received on proposal (received_at desc, id desc);
create index proposal_status_received on proposal (status, received_at, id);
create index use_case_created on use_case (created_at, id);
create index use_case_status_created on use_case (status, created_at, id);
drop index use_case_status;
