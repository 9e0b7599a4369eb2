-- The budget policy's automatic limits are in one currency (ISO 4217); the policies from before were meant in EUR.
-- A proposal in another currency is never approved automatically: a finance approver decides.
alter table budget_policy add column currency text not null default 'EUR';
-- The ISO 4217 code every amount of a proposal is in; null for proposals from agents that predate it (their amounts
-- are in the policy's currency).
alter table proposal add column currency text;
