-- Brand and market find a mix model regardless of case, as they find budget lines. Models are still stored as insight
-- spells them (it versions each spelling on its own); of several spellings the one received last is used.
create index mix_model_regardless_of_case on mix_model (lower(brand), lower(market), received_at desc);
