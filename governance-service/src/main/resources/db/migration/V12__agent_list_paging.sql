-- Keyset paging of GET /api/v1/agents (oldest first, by registration time and id): one index range scan per page.
create index agent_created on agent (created_at, id);
