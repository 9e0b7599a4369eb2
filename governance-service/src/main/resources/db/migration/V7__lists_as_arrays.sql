-- Lists are stored as arrays, not comma-joined text: a value may contain a comma ("a,b" stays one value). Rows stored
-- before were joined with commas; they are split on them (what the API returned for them until now).
alter table agent alter column tools type text[]
    using case when tools = '' then '{}'::text[] else string_to_array(tools, ',') end;
alter table agent alter column data_scopes type text[]
    using case when data_scopes = '' then '{}'::text[] else string_to_array(data_scopes, ',') end;
alter table use_case alter column data_sources type text[]
    using case when data_sources = '' then '{}'::text[] else string_to_array(data_sources, ',') end;
