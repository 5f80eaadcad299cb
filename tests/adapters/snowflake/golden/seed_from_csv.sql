create or replace temporary file format analytics.seeds.clv_seed_csv type = csv parse_header = true field_optionally_enclosed_by = '"' empty_field_as_null = true;
create temporary stage if not exists analytics.seeds.clv_seed_stage;
put 'file:///srv/project/seeds/country codes.csv' @analytics.seeds.clv_seed_stage/country_codes/ auto_compress = true overwrite = true;
create or replace transient table analytics.seeds.country_codes using template (
  select array_agg(object_construct('COLUMN_NAME', upper(column_name), 'TYPE', case upper(column_name) when 'CALLING_CODE' then 'VARCHAR' else type end, 'NULLABLE', true)) within group (order by order_id)
  from table(infer_schema(location => '@analytics.seeds.clv_seed_stage/country_codes/', file_format => 'analytics.seeds.clv_seed_csv'))
);
copy into analytics.seeds.country_codes from @analytics.seeds.clv_seed_stage/country_codes/ file_format = (format_name = analytics.seeds.clv_seed_csv) match_by_column_name = case_insensitive
