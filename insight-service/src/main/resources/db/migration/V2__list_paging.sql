-- Keyset paging of GET /api/v1/mix-models: newest first, optionally of one brand and market.
create index mix_model_created on mix_model (created_at desc, model_id desc);
create index mix_model_brand_market_created on mix_model (brand, market, created_at desc, model_id desc);
