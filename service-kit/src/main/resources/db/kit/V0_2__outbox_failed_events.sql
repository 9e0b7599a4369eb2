-- An event the broker refuses for good (larger than a topic accepts, an invalid topic) is set aside with the reason
-- instead of holding up every event behind it. It stays in the table, unpublished, for an operator to inspect.
alter table outbox_event add column failed_at timestamptz, add column failure text;
drop index outbox_event_unpublished;
create index outbox_event_unpublished on outbox_event (seq) where published_at is null and failed_at is null;
