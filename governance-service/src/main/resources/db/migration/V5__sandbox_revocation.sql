-- A sandbox is revoked when its use case is rejected, merged or retired: its credential stops working at once.
alter table sandbox add column revoked_at timestamptz;
alter table sandbox add column revoked_reason text;
-- sandboxes of use cases that were already closed when this migration ran
update sandbox s set revoked_at = now(), revoked_reason = 'use case ' || u.id || ' is ' || u.status
  from use_case u where u.id = s.use_case_id and u.status in ('REJECTED', 'MERGED', 'RETIRED');
