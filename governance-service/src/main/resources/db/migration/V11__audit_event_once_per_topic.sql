-- An event id is unique per producer (CloudEvents: source + id), not across the suite: the audit trail records an
-- event once per topic, so an event of one topic that reuses the id of another topic's event is recorded, not dropped.
alter table audit_record drop constraint audit_record_event_id_key;
create unique index audit_record_topic_event on audit_record (topic, event_id);
create index audit_record_event on audit_record (event_id);
