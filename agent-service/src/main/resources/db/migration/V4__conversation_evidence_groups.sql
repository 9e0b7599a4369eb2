-- The groups the evidence of a conversation was retrieved with (its starter's, a JSON array): a caller who is not in
-- all of them does not see the evidence's text and citations. Null for conversations started before: withheld from
-- all but their starter, ops and admins.
alter table conversation add column evidence_groups text;
