-- An import may change a line's committed part and minimum as well as its amount: its history entry records both,
-- before and after (previous_* null when the import created the line). Null on reallocations, which change neither,
-- and on entries written before.
alter table budget_line_history add column previous_committed double precision;
alter table budget_line_history add column new_committed double precision;
alter table budget_line_history add column previous_minimum double precision;
alter table budget_line_history add column new_minimum double precision;
