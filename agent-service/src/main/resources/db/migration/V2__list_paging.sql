-- Keyset paging of GET /api/v1/conversations: newest first, optionally by status; one index range scan per page.
create index conversation_created on conversation (created_at desc, id desc);
create index conversation_status_created on conversation (status, created_at desc, id desc);
drop index conversation_status;
