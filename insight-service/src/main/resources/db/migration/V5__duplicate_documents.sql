-- A document ingestion sets aside as a DUPLICATE after it was published (a copy readable by all its readers took its
-- place) leaves the index like a deleted one, but may be published again later (its original deleted): duplicate_of
-- names the copy that holds its text, and superseded_at is when ingestion set it aside, so that chunks it published
-- before then, read late from the other topic, are not indexed again, while chunks of a later publication are.
alter table document drop constraint document_status_check;
alter table document add constraint document_status_check
    check (status in ('PENDING', 'INDEXED', 'DELETED', 'DUPLICATE'));
alter table document add column duplicate_of text;
alter table document add column superseded_at timestamptz;
