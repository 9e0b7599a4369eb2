-- A document is set aside as a DUPLICATE only of a document that everyone who may read it may read too: one whose
-- groups include all of its own. Each fingerprint therefore carries its document's groups (sorted, once each, in
-- byte order), and the same bytes may be registered once per set of groups instead of once in all: a copy shared
-- with other groups is a document of its own, published with its own groups. Registrations of one content hash are
-- serialised by a transaction-scoped advisory lock (PgSignatureStore), and this index keeps two of the same bytes
-- and groups from both being registered whatever happens.
alter table doc_signature add column groups text[];
update doc_signature s
   set groups = coalesce((select array(select distinct g collate "C" from unnest(d.groups) g order by 1)
                            from document d where d.id = s.document_id), '{}');
alter table doc_signature alter column groups set default '{}', alter column groups set not null;
alter table doc_signature drop constraint doc_signature_content_hash_key;
create unique index doc_signature_scope on doc_signature (content_hash, groups);

-- Duplicates made under the old rule that the rule does not allow (their original is shared with groups that do not
-- include all of theirs, so its readers are not theirs and their own readers never found the content), and
-- duplicates stranded by the deletion of their original, are processed again (the sweeper queues RECEIVED
-- documents at start-up): each becomes a document of its own or a duplicate of one its readers may read.
update document c
   set status = 'RECEIVED', reason = null, detail = null, duplicate_of = null, quality = null, chunk_count = null,
       attempts = 0, lease_owner = null, lease_until = null, updated_at = now()
 where c.status = 'DUPLICATE'
   and not exists (select 1 from document o
                    where o.id = c.duplicate_of and o.status = 'PUBLISHED' and o.groups @> c.groups);
create index document_duplicate_of on document (duplicate_of) where status = 'DUPLICATE';
