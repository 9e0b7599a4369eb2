-- Brand, market, channel and period name a budget line regardless of case ("TV" is the "tv" line), as its generated
-- id (lower case) always did. Lines that differ only in case would be one line: they must be merged by hand first.
do $$
begin
    if exists (select 1 from budget_line
               group by lower(brand), lower(market), lower(channel), lower(period) having count(*) > 1) then
        raise exception 'budget lines differ only in the case of brand, market, channel or period; merge them first: '
            'select * from budget_line where (lower(brand), lower(market), lower(channel), lower(period)) in (select '
            'lower(brand), lower(market), lower(channel), lower(period) from budget_line group by 1, 2, 3, 4 having '
            'count(*) > 1)';
    end if;
end $$;
create unique index budget_line_natural_key
    on budget_line (lower(brand), lower(market), lower(channel), lower(period));
