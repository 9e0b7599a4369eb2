-- Who named an agent's accountable owner after it was registered (POST /api/v1/agents/{id}/owner-changes); four eyes:
-- that person does not activate or reactivate the agent. Null while the owner is the one given at registration.
alter table agent add column owner_named_by text;
