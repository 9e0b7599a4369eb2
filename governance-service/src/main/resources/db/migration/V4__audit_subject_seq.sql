-- GET /api/v1/audit?subject=...&afterSeq=...: a subject's records in order, one index range per page.
create index audit_record_subject_seq on audit_record (subject, seq);
drop index audit_record_subject;
