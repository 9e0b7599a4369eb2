-- Who made an agent's latest status change (four eyes: not its owner nor the person who registered it, when it is
-- activated). Null for agents never reviewed and for changes made before this column.
alter table agent add column status_changed_by text;
