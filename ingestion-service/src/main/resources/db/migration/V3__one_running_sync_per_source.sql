-- At most one running sync per source: two would crawl the same sites at once and race on their items and delta
-- links. Where two already run, the older is cancelled (it can be started again once the newer has finished).
update sync s set status = 'CANCELLED', finished_at = now(),
       errors = errors || to_jsonb('cancelled by migration V3: a newer sync of the source was running'::text)
 where s.status = 'RUNNING'
   and exists (select 1 from sync t where t.source_id = s.source_id and t.status = 'RUNNING'
               and (t.started_at, t.id) > (s.started_at, s.id));

update sync_site set status = 'CANCELLED', finished_at = now()
 where status in ('PENDING', 'RUNNING') and sync_id in (select id from sync where status = 'CANCELLED');

create unique index sync_one_running_per_source on sync (source_id) where status = 'RUNNING';
