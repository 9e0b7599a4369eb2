-- The currency of a brand and market's budget: every amount of its lines, proposals and ledger entries is in it (money
-- moves only between the lines of one brand and market). Keyed regardless of case, as the lines are. A brand and market
-- whose lines predate this table have no row and are in the configured currency (AGENT_BUDGET_CURRENCY); the first
-- import after it records that currency for them, so a plan cannot quietly put them in another.
create table budget_currency (
    brand_key  text not null,
    market_key text not null,
    currency   text not null check (currency ~ '^[A-Z]{3}$'),
    created_at timestamptz not null default now(),
    primary key (brand_key, market_key)
);
