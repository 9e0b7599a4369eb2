-- GET /api/v1/agents is ordered by when an id was first registered, which a new registration of a RETIRED id does not
-- change (created_at does): a client walking the pages while an id is registered anew sees it once, in its place.
alter table agent add column first_registered_at timestamptz;
update agent set first_registered_at = created_at;
alter table agent alter column first_registered_at set not null;
drop index agent_created;
create index agent_first_registered on agent (first_registered_at, id);
