-- GET /api/v1/sources is paged by a keyset on (created_at, id), oldest first: each page is one range scan of this
-- index, however many sources are registered.
create index source_created on source (created_at, id);
