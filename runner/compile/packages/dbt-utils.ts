// dbt_utils, the package nearly every dbt project lists in packages.yml, written here from its documented
// contract (github.com/dbt-labs/dbt-utils README) so such a project runs without `dbt deps` (no network).
// Registered as package `dbt_utils` only when the project declares it and has no installed copy.
// What reads the warehouse at compile time (get_column_values, get_relations_by_pattern, ...) is answered
// right before the model runs (runner/run/introspect.ts); `star`, `union_relations` and `unpivot` use the
// engine's own `* EXCLUDE` / `UNION ALL BY NAME` / `UNPIVOT` instead of reading the columns first.
export const DBT_UTILS_FILE = 'dbt_utils/macros/clv_bundled.sql';
export const DBT_UTILS_PACKAGE = 'dbt_utils';

const SQL = String.raw`
{% macro generate_surrogate_key(field_list) -%}
  {%- set nulls = '' if var('surrogate_key_treat_nulls_as_empty_strings', false) else '_dbt_utils_surrogate_key_null_' -%}
  {%- set fields = [] -%}
  {%- for field in field_list -%}
    {%- do fields.append("coalesce(cast(" ~ field ~ " as " ~ dbt.type_string() ~ "), '" ~ nulls ~ "')") -%}
    {%- if not loop.last %}{% do fields.append("'-'") %}{% endif -%}
  {%- endfor -%}
  {{ dbt.hash(dbt.concat(fields)) }}
{%- endmacro %}

{% macro surrogate_key(field_list) -%}
  {{ exceptions.raise_compiler_error("dbt_utils.surrogate_key was renamed dbt_utils.generate_surrogate_key in dbt_utils 1.0 (it treats nulls differently): call generate_surrogate_key([...])") }}
{%- endmacro %}

{% macro safe_add(field_list) -%}
  {%- set parts = [] -%}{%- for field in field_list %}{% do parts.append('coalesce(' ~ field ~ ', 0)') %}{% endfor -%}
  {{ parts | join(' +\n  ') }}
{%- endmacro %}

{% macro safe_subtract(field_list) -%}
  {%- set parts = [] -%}{%- for field in field_list %}{% do parts.append('coalesce(' ~ field ~ ', 0)') %}{% endfor -%}
  {{ parts | join(' -\n  ') }}
{%- endmacro %}

{% macro safe_divide(numerator, denominator) -%}
  ( {{ numerator }} ) / nullif( ( {{ denominator }} ), 0)
{%- endmacro %}

{% macro group_by(n) -%}
  group by {% for i in range(1, n + 1) %}{{ i }}{% if not loop.last %},{% endif %}{% endfor %}
{%- endmacro %}

{% macro date_spine(datepart, start_date, end_date) -%}
  {{ dbt.date_spine(datepart, start_date, end_date) }}
{%- endmacro %}

{% macro generate_series(upper_bound) -%}
  {{ dbt.generate_series(upper_bound) }}
{%- endmacro %}

{% macro star(from, relation_alias=false, except=[], prefix='', suffix='', quote_identifiers=true) -%}
  {%- set alias = (relation_alias ~ '.') if relation_alias else '' -%}
  {%- if prefix or suffix -%}
    {#- Renaming each column needs their names: read from the warehouse (a model or singular test only). -#}
    {%- set cols = [] -%}
    {%- for col in dbt_utils.get_filtered_columns_in_relation(from, except) -%}
      {%- set renamed = prefix ~ col ~ suffix -%}
      {%- do cols.append(alias ~ (adapter.quote(col) if quote_identifiers else col) ~ ' as ' ~ (adapter.quote(renamed) if quote_identifiers else renamed)) -%}
    {%- endfor -%}
    {{ (cols | join(',\n  ')) if cols | length > 0 else '*' }}
  {%- else -%}
    {%- set quoted = [] -%}
    {%- for column in except %}{% do quoted.append(adapter.quote(column) if quote_identifiers else column) %}{% endfor -%}
    {{ alias }}*{% if quoted | length > 0 %} exclude ({{ quoted | join(', ') }}){% endif %}
  {%- endif -%}
{%- endmacro %}

{% macro union_relations(relations, column_override=none, include=[], exclude=[], source_column_name='_dbt_source_relation', where=none) -%}
  {%- if column_override -%}
    {{ exceptions.raise_compiler_error("dbt_utils.union_relations with column_override needs column types at compile time, which clv does not read: cast in the relations instead") }}
  {%- endif -%}
  {%- for relation in relations %}
  select
    {% if source_column_name %}cast({{ dbt.string_literal(relation) }} as {{ dbt.type_string() }}) as {{ adapter.quote(source_column_name) }},{% endif %}
    {% if include | length > 0 %}{{ include | join(', ') }}{% else %}*{% if exclude | length > 0 %} exclude ({{ exclude | join(', ') }}){% endif %}{% endif %}
  from {{ relation }}
  {% if where %}where {{ where }}{% endif %}
  {% if not loop.last %}union all by name{% endif %}
  {%- endfor %}
{%- endmacro %}

{% macro unpivot(relation, cast_to='varchar', exclude=[], remove=[], field_name='field_name', value_name='value', quote_identifiers=false) -%}
  {{ return(adapter.dispatch('unpivot', 'dbt_utils')(relation, cast_to, exclude, remove, field_name, value_name, quote_identifiers)) }}
{%- endmacro %}

{#- Elsewhere the relation's columns are read from the warehouse (a model or singular test only): one select
    per column, as dbt_utils does. -#}
{% macro default__unpivot(relation, cast_to, exclude, remove, field_name, value_name, quote_identifiers) -%}
  {%- set skipped = (exclude + remove) | map('lower') | list -%}
  {%- set ns = namespace(parts=[]) -%}
  {%- for col in adapter.get_columns_in_relation(relation) -%}
    {%- if (col.column | lower) not in skipped -%}
      {%- set name = adapter.quote(col.column) if quote_identifiers else col.column -%}
      {%- do ns.parts.append('select ' ~ ((exclude | join(', ')) ~ ', ' if exclude | length > 0 else '') ~ "cast('" ~ col.column ~ "' as " ~ dbt.type_string() ~ ') as ' ~ field_name ~ ', cast(' ~ name ~ ' as ' ~ cast_to ~ ') as ' ~ value_name ~ ' from ' ~ relation) -%}
    {%- endif -%}
  {%- endfor -%}
  {{ ns.parts | join('\nunion all\n') }}
{%- endmacro %}

{% macro duckdb__unpivot(relation, cast_to, exclude, remove, field_name, value_name, quote_identifiers) -%}
  {%- set keep = exclude | join(', ') -%}
  {%- set drop = (exclude + remove) | join(', ') -%}
  select * from (
    unpivot (
      select {% if keep %}{{ keep }}, {% endif %}cast(columns(*{% if drop %} exclude ({{ drop }}){% endif %}) as {{ cast_to }})
      from {{ relation }}
    )
    on columns(*{% if keep %} exclude ({{ keep }}){% endif %})
    into name {{ field_name }} value {{ value_name }}
  )
{%- endmacro %}

{% macro pivot(column, values, alias=true, agg='sum', cmp='=', prefix='', suffix='', then_value=1, else_value=0, quote_identifiers=true, distinct=false) -%}
  {%- for value in values %}
  {{ agg }}({% if distinct %}distinct {% endif %}case when {{ column }} {{ cmp }} '{{ dbt.escape_single_quotes(value) }}' then {{ then_value }} else {{ else_value }} end)
  {%- if alias %} as {% if quote_identifiers %}{{ adapter.quote(prefix ~ value ~ suffix) }}{% else %}{{ dbt_utils.slugify(prefix ~ value ~ suffix) }}{% endif %}{% endif %}
  {%- if not loop.last %},{% endif %}
  {%- endfor %}
{%- endmacro %}

{#- dbt_utils' rule: runs of spaces and hyphens become one underscore, anything else outside [a-z0-9_] goes,
    and a leading digit gets an underscore in front. -#}
{% macro slugify(string) -%}
  {%- set ns = namespace(out='', sep=false) -%}
  {%- for ch in (string | lower | list) -%}
    {%- if ch == ' ' or ch == '-' -%}
      {%- if not ns.sep %}{% set ns.out = ns.out ~ '_' %}{% endif %}{% set ns.sep = true -%}
    {%- elif ch in 'abcdefghijklmnopqrstuvwxyz0123456789_' -%}
      {%- set ns.out = ns.out ~ ch %}{% set ns.sep = false -%}
    {%- endif -%}
  {%- endfor -%}
  {{- ('_' ~ ns.out) if (ns.out | length > 0 and (ns.out | list | first) in '0123456789') else ns.out -}}
{%- endmacro %}

{% macro deduplicate(relation, partition_by, order_by) -%}
  select * from {{ relation }}
  qualify row_number() over (partition by {{ partition_by }} order by {{ order_by }}) = 1
{%- endmacro %}

{% macro get_url_host(field) -%}
  {{ dbt.split_part(dbt.split_part(dbt.replace(dbt.replace(dbt.replace(field, "'android-app://'", "''"), "'http://'", "''"), "'https://'", "''"), "'/'", 1), "'?'", 1) }}
{%- endmacro %}

{% macro get_url_path(field) -%}
  {%- set stripped = dbt.replace(dbt.replace(field, "'http://'", "''"), "'https://'", "''") -%}
  {%- set first_slash = "nullif(" ~ dbt.position("'/'", stripped) ~ ", 0)" -%}
  {%- set after_host = "right(" ~ stripped ~ ", length(" ~ stripped ~ ") - coalesce(" ~ first_slash ~ ", length(" ~ stripped ~ ")))" -%}
  {{ dbt.split_part(dbt.split_part(after_host, "'?'", 1), "'#'", 1) }}
{%- endmacro %}

{% macro get_url_parameter(field, url_parameter) -%}
  nullif({{ dbt.split_part(dbt.split_part(field, "'" ~ url_parameter ~ "='", 2), "'&'", 1) }}, '')
{%- endmacro %}

{% macro haversine_distance(lat1, lon1, lat2, lon2, unit='mi') -%}
  {%- if unit not in ['mi', 'km'] %}{{ exceptions.raise_compiler_error("haversine_distance: unit must be 'mi' or 'km', got '" ~ unit ~ "'") }}{% endif -%}
  {%- set radius = 3961 if unit == 'mi' else 6371 -%}
  2 * {{ radius }} * asin(sqrt(
    power(sin((radians({{ lat2 }}) - radians({{ lat1 }})) / 2), 2)
    + cos(radians({{ lat1 }})) * cos(radians({{ lat2 }})) * power(sin((radians({{ lon2 }}) - radians({{ lon1 }})) / 2), 2)
  ))
{%- endmacro %}

{% macro width_bucket(expr, min_value, max_value, num_buckets) -%}
  case
    when {{ expr }} < {{ min_value }} then 0
    when {{ expr }} >= {{ max_value }} then {{ num_buckets }} + 1
    else cast(floor(({{ expr }} - {{ min_value }}) / (({{ max_value }} - {{ min_value }}) / {{ num_buckets }})) as integer) + 1
  end
{%- endmacro %}

{#- The run's start time: clv offers no clock to templates beyond run_started_at. -#}
{% macro pretty_time(format='%H:%M:%S') -%}{{ run_started_at.strftime(format) }}{%- endmacro %}
{% macro pretty_log_format(message) -%}{{ dbt_utils.pretty_time() }} + {{ message }}{%- endmacro %}
{% macro log_info(message) -%}{% do log(dbt_utils.pretty_log_format(message), info=true) %}{%- endmacro %}

{#- Macros that read the warehouse while compiling: compile gives them stand-in answers (no rows, no
    relation) and records what they asked; the runner answers on the model's connection right before it runs
    and renders the model again (runner/run/introspect.ts). They work in models and singular tests.
    Written with if/else rather than an early return(): clv's return() keeps the first value but the rest
    of the macro still renders. -#}
{% macro get_column_values(table, column, order_by='count(*) desc', max_records=none, default=none, where=none) -%}
  {%- set fallback = default if default is not none else [] -%}
  {#- Only a given default makes a missing relation fine, as in dbt_utils; without one the query's own
      error (relation does not exist) is what the user sees. -#}
  {%- set missing = default is not none and load_relation(table) is none -%}
  {%- if not execute or missing -%}
    {{ return(fallback) }}
  {%- else -%}
    {%- call statement('get_column_values', fetch_result=true) -%}
      select {{ column }} as value
      from {{ table }}
      {% if where is not none %}where {{ where }}{% endif %}
      group by {{ column }}
      order by {{ order_by }}
      {% if max_records is not none %}limit {{ max_records }}{% endif %}
    {%- endcall -%}
    {%- set data = load_result('get_column_values')['data'] -%}
    {{ return((data | map(attribute=0) | list) if data | length > 0 else fallback) }}
  {%- endif -%}
{%- endmacro %}

{% macro get_single_value(query, default=none) -%}
  {%- call statement('get_single_value', fetch_result=true) -%}{{ query }}{%- endcall -%}
  {%- set rows = load_result('get_single_value')['data'] if execute else [] -%}
  {%- if rows | length > 1 -%}
    {{ exceptions.raise_compiler_error("dbt_utils.get_single_value: the query returned " ~ (rows | length) ~ " rows; it must return one row of one column") }}
  {%- endif -%}
  {{ return(rows[0][0] if rows | length > 0 and rows[0][0] is not none else default) }}
{%- endmacro %}

{% macro get_query_results_as_dict(query) -%}
  {%- call statement('get_query_results', fetch_result=true) -%}{{ query }}{%- endcall -%}
  {%- set results = {} -%}
  {#- dict([[k, v]]): a Nunjucks {name: v} literal would use the text 'name' as the key. -#}
  {%- if execute -%}
    {%- set table = load_result('get_query_results').table -%}
    {%- for name in table.column_names -%}{% do results.update(dict([[name, table.columns[name].values()]])) %}{%- endfor -%}
  {%- endif -%}
  {{ return(results) }}
{%- endmacro %}

{% macro get_filtered_columns_in_relation(from, except=[]) -%}
  {%- set excluded = except | map('lower') | list -%}
  {%- set kept = [] -%}
  {%- for col in adapter.get_columns_in_relation(from) -%}
    {%- if (col.column | lower) not in excluded %}{% do kept.append(col.column) %}{% endif -%}
  {%- endfor -%}
  {{ return(kept) }}
{%- endmacro %}

{#- information_schema.tables as each engine reaches it: Snowflake per database, DuckDB per catalog column. -#}
{% macro get_tables_by_pattern_sql(schema_pattern, table_pattern, exclude='', database=target.database) -%}
  {{ return(adapter.dispatch('get_tables_by_pattern_sql', 'dbt_utils')(schema_pattern, table_pattern, exclude, database)) }}
{%- endmacro %}
{% macro default__get_tables_by_pattern_sql(schema_pattern, table_pattern, exclude, database) -%}
  select distinct table_schema, table_name, case when table_type = 'VIEW' then 'view' else 'table' end as table_type
  from {% if database %}{{ database }}.{% endif %}information_schema.tables
  where table_schema ilike '{{ schema_pattern }}' and table_name ilike '{{ table_pattern }}'
    and table_name not ilike '{{ exclude }}'
  order by 1, 2
{%- endmacro %}
{% macro duckdb__get_tables_by_pattern_sql(schema_pattern, table_pattern, exclude, database) -%}
  select distinct table_schema, table_name, case when table_type = 'VIEW' then 'view' else 'table' end as table_type
  from information_schema.tables
  where {% if database %}table_catalog = '{{ database }}' and {% endif %}table_schema ilike '{{ schema_pattern }}'
    and table_name ilike '{{ table_pattern }}' and table_name not ilike '{{ exclude }}'
  order by 1, 2
{%- endmacro %}

{% macro get_relations_by_pattern(schema_pattern, table_pattern, exclude='', database=target.database) -%}
  {%- call statement('get_tables', fetch_result=true) -%}
    {{ dbt_utils.get_tables_by_pattern_sql(schema_pattern, table_pattern, exclude, database) }}
  {%- endcall -%}
  {%- set relations = [] -%}
  {%- for row in (load_result('get_tables')['data'] if execute else []) -%}
    {%- do relations.append(api.Relation.create(database=database, schema=row[0], identifier=row[1])) -%}
  {%- endfor -%}
  {{ return(relations) }}
{%- endmacro %}

{% macro get_relations_by_prefix(schema, prefix, exclude='', database=target.database) -%}
  {{ return(dbt_utils.get_relations_by_pattern(schema, prefix ~ '%', exclude, database)) }}
{%- endmacro %}

{% macro nullcheck_table(relation) -%}
  {%- set cols = adapter.get_columns_in_relation(relation) -%}
  select {{ dbt_utils.nullcheck(cols) }} from {{ relation }}
{%- endmacro %}

{% macro nullcheck(cols) -%}
  {%- for col in cols %}nullif({{ col.name if col.name is defined else col }}, '') as {{ col.name if col.name is defined else col }}{% if not loop.last %},{% endif %}{% endfor -%}
{%- endmacro %}

{#- The cross-database macros dbt_utils had before 1.0 moved to dbt core; old projects still call them here. -#}
{% macro type_string() %}{{ return(dbt.type_string()) }}{% endmacro %}
{% macro type_int() %}{{ return(dbt.type_int()) }}{% endmacro %}
{% macro type_bigint() %}{{ return(dbt.type_bigint()) }}{% endmacro %}
{% macro type_float() %}{{ return(dbt.type_float()) }}{% endmacro %}
{% macro type_numeric() %}{{ return(dbt.type_numeric()) }}{% endmacro %}
{% macro type_timestamp() %}{{ return(dbt.type_timestamp()) }}{% endmacro %}
{% macro current_timestamp() %}{{ return(dbt.current_timestamp()) }}{% endmacro %}
{% macro dateadd(datepart, interval, from_date_or_timestamp) %}{{ return(dbt.dateadd(datepart, interval, from_date_or_timestamp)) }}{% endmacro %}
{% macro datediff(first_date, second_date, datepart) %}{{ return(dbt.datediff(first_date, second_date, datepart)) }}{% endmacro %}
{% macro date_trunc(datepart, date) %}{{ return(dbt.date_trunc(datepart, date)) }}{% endmacro %}
{% macro last_day(date, datepart) %}{{ return(dbt.last_day(date, datepart)) }}{% endmacro %}
{% macro split_part(string_text, delimiter_text, part_number) %}{{ return(dbt.split_part(string_text, delimiter_text, part_number)) }}{% endmacro %}
{% macro concat(fields) %}{{ return(dbt.concat(fields)) }}{% endmacro %}
{% macro hash(field) %}{{ return(dbt.hash(field)) }}{% endmacro %}
{% macro safe_cast(field, type) %}{{ return(dbt.safe_cast(field, type)) }}{% endmacro %}
{% macro listagg(measure, delimiter_text="','", order_by_clause=none, limit_num=none) %}{{ return(dbt.listagg(measure, delimiter_text, order_by_clause, limit_num)) }}{% endmacro %}
{% macro string_literal(value) %}{{ return(dbt.string_literal(value)) }}{% endmacro %}
{% macro any_value(expression) %}{{ return(dbt.any_value(expression)) }}{% endmacro %}
{% macro bool_or(expression) %}{{ return(dbt.bool_or(expression)) }}{% endmacro %}
{% macro position(substring_text, string_text) %}{{ return(dbt.position(substring_text, string_text)) }}{% endmacro %}
{% macro replace(field, old_chars, new_chars) %}{{ return(dbt.replace(field, old_chars, new_chars)) }}{% endmacro %}
{% macro right(string_text, length_expression) %}{{ return(dbt.right(string_text, length_expression)) }}{% endmacro %}
{% macro length(expression) %}{{ return(dbt.length(expression)) }}{% endmacro %}
{% macro escape_single_quotes(expression) %}{{ return(dbt.escape_single_quotes(expression)) }}{% endmacro %}
{% macro except() %}{{ return(dbt.except()) }}{% endmacro %}
{% macro intersect() %}{{ return(dbt.intersect()) }}{% endmacro %}

{#- Generic tests: each selects the failing rows (dbt counts them). -#}
{% macro clv_gb_select(group_by_columns) %}{% if group_by_columns | length > 0 %}{{ group_by_columns | join(', ') }}, {% endif %}{% endmacro %}
{% macro clv_gb_group(group_by_columns) %}{% if group_by_columns | length > 0 %}group by {{ group_by_columns | join(', ') }}{% endif %}{% endmacro %}

{#- Rows of a that b lacks, then rows of b that a lacks (a and b name relations or CTEs). -#}
{% macro clv_rows_in_one_only(a, b) -%}
select * from (select * from {{ a }} {{ dbt.except() }} select * from {{ b }}) only_in_a
union all
select * from (select * from {{ b }} {{ dbt.except() }} select * from {{ a }}) only_in_b
{%- endmacro %}

{% test accepted_range(model, column_name, min_value=none, max_value=none, inclusive=true) %}
select * from (select {{ column_name }} as value_field from {{ model }}) validation
where 1 = 2
  {%- if min_value is not none %} or not value_field >{{ '=' if inclusive else '' }} {{ min_value }}{% endif %}
  {%- if max_value is not none %} or not value_field <{{ '=' if inclusive else '' }} {{ max_value }}{% endif %}
{% endtest %}

{% test expression_is_true(model, expression, column_name=none) %}
select * from {{ model }}
where not ({{ (column_name ~ ' ') if column_name is not none else '' }}{{ expression }})
{% endtest %}

{% test unique_combination_of_columns(model, combination_of_columns, quote_columns=false) %}
{%- set columns = [] -%}
{%- for column in combination_of_columns %}{% do columns.append(adapter.quote(column) if quote_columns else column) %}{% endfor -%}
select {{ columns | join(', ') }}, count(*) as n_records
from {{ model }}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{% test not_null_proportion(model, column_name, at_least, at_most=1.0, group_by_columns=[]) %}
select * from (
  select {{ dbt_utils.clv_gb_select(group_by_columns) }}
         sum(case when {{ column_name }} is null then 0 else 1 end) / cast(count(*) as {{ dbt.type_numeric() }}) as not_null_proportion
  from {{ model }}
  {{ dbt_utils.clv_gb_group(group_by_columns) }}
) proportions
where not_null_proportion < {{ at_least }} or not_null_proportion > {{ at_most }}
{% endtest %}

{% test not_constant(model, column_name, group_by_columns=[]) %}
select {{ dbt_utils.clv_gb_select(group_by_columns) }}count(distinct {{ column_name }}) as filler_column
from {{ model }}
{{ dbt_utils.clv_gb_group(group_by_columns) }}
having count(distinct {{ column_name }}) = 1
{% endtest %}

{% test not_empty_string(model, column_name, trim_whitespace=true) %}
select {{ column_name }} from {{ model }}
where {% if trim_whitespace %}trim({{ column_name }}){% else %}{{ column_name }}{% endif %} = ''
{% endtest %}

{% test at_least_one(model, column_name, group_by_columns=[]) %}
select * from (
  select {{ dbt_utils.clv_gb_select(group_by_columns) }}count({{ column_name }}) as filler_column
  from {{ model }}
  {{ dbt_utils.clv_gb_group(group_by_columns) }}
) counts
where filler_column = 0
{% endtest %}

{% test not_accepted_values(model, column_name, values, quote=true) %}
select {{ column_name }} as value_field from {{ model }}
where {{ column_name }} in (
  {%- for value in values -%}{% if quote %}'{{ value }}'{% else %}{{ value }}{% endif %}{% if not loop.last %}, {% endif %}{%- endfor -%}
)
{% endtest %}

{% test cardinality_equality(model, column_name, to, field) %}
with table_a as (
  select {{ column_name }}, count(*) as num_rows from {{ model }} group by {{ column_name }}
),
table_b as (
  select {{ field }}, count(*) as num_rows from {{ to }} group by {{ field }}
)
{{ dbt_utils.clv_rows_in_one_only('table_a', 'table_b') }}
{% endtest %}

{% test relationships_where(model, column_name, to, field, from_condition='1=1', to_condition='1=1') %}
with left_table as (
  select {{ column_name }} as id from {{ model }} where {{ column_name }} is not null and {{ from_condition }}
),
right_table as (
  select {{ field }} as id from {{ to }} where {{ field }} is not null and {{ to_condition }}
)
select left_table.id from left_table
left join right_table on left_table.id = right_table.id
where right_table.id is null
{% endtest %}

{#- Row counts of model and compare_model side by side (per group), keeping the rows where fails holds. -#}
{% macro clv_compare_row_counts(model, compare_model, group_by_columns, ours, theirs, fails) -%}
with a as (select {{ dbt_utils.clv_gb_select(group_by_columns) }}count(*) as {{ ours }} from {{ model }} {{ dbt_utils.clv_gb_group(group_by_columns) }}),
b as (select {{ dbt_utils.clv_gb_select(group_by_columns) }}count(*) as {{ theirs }} from {{ compare_model }} {{ dbt_utils.clv_gb_group(group_by_columns) }})
select * from a
{% if group_by_columns | length > 0 %}full outer join b using ({{ group_by_columns | join(', ') }}){% else %}cross join b{% endif %}
where coalesce({{ ours }}, 0) {{ fails }} coalesce({{ theirs }}, 0)
{%- endmacro %}

{% test equal_rowcount(model, compare_model, group_by_columns=[]) %}
{{ dbt_utils.clv_compare_row_counts(model, compare_model, group_by_columns, 'count_a', 'count_b', '<>') }}
{% endtest %}

{% test fewer_rows_than(model, compare_model, group_by_columns=[]) %}
{{ dbt_utils.clv_compare_row_counts(model, compare_model, group_by_columns, 'count_our_model', 'count_comparison_model', '>=') }}
{% endtest %}

{% test equality(model, compare_model, compare_columns=none, exclude_columns=none, precision=none) %}
{%- if precision is not none -%}
  {{ exceptions.raise_compiler_error("dbt_utils.equality with precision needs column types at compile time, which clv does not read") }}
{%- endif -%}
{%- set columns = (compare_columns | join(', ')) if compare_columns else ('*' ~ ((' exclude (' ~ (exclude_columns | join(', ')) ~ ')') if exclude_columns else '')) -%}
with a as (select {{ columns }} from {{ model }}),
b as (select {{ columns }} from {{ compare_model }})
{{ dbt_utils.clv_rows_in_one_only('a', 'b') }}
{% endtest %}

{% test recency(model, field, datepart, interval, ignore_time_component=false, group_by_columns=[]) %}
{%- set threshold = dbt.dateadd(datepart, interval * -1, dbt.current_timestamp()) -%}
{%- if ignore_time_component %}{% set threshold = 'cast(' ~ threshold ~ ' as date)' %}{% endif -%}
with recency as (
  select {{ dbt_utils.clv_gb_select(group_by_columns) }}
    max({% if ignore_time_component %}cast({{ field }} as date){% else %}{{ field }}{% endif %}) as most_recent
  from {{ model }}
  {{ dbt_utils.clv_gb_group(group_by_columns) }}
)
select {{ dbt_utils.clv_gb_select(group_by_columns) }}most_recent, {{ threshold }} as threshold
from recency
where most_recent < {{ threshold }} or most_recent is null
{% endtest %}

{% test sequential_values(model, column_name, interval=1, datepart=none, group_by_columns=[]) %}
{%- set partition = ('partition by ' ~ (group_by_columns | join(', '))) if group_by_columns | length > 0 else '' -%}
with windowed as (
  select {{ dbt_utils.clv_gb_select(group_by_columns) }}{{ column_name }},
    lag({{ column_name }}) over ({{ partition }} order by {{ column_name }}) as previous_{{ column_name }}
  from {{ model }}
)
select * from windowed
{% if datepart %}
where not (cast({{ column_name }} as {{ dbt.type_timestamp() }}) = cast({{ dbt.dateadd(datepart, interval, 'previous_' ~ column_name) }} as {{ dbt.type_timestamp() }}))
{% else %}
where not ({{ column_name }} = previous_{{ column_name }} + {{ interval }})
{% endif %}
{% endtest %}

{% test mutually_exclusive_ranges(model, lower_bound_column, upper_bound_column, partition_by=none, gaps='allowed', zero_length_range_allowed=false) %}
{%- set allowed = {'not_allowed': '=', 'allowed': '<=', 'required': '<'} -%}
{%- if gaps not in allowed %}{{ exceptions.raise_compiler_error("mutually_exclusive_ranges: gaps must be one of not_allowed, allowed, required; got '" ~ gaps ~ "'") }}{% endif -%}
{%- set partition = ('partition by ' ~ partition_by) if partition_by else '' -%}
with ranges as (
  select {{ lower_bound_column }} as lower_bound, {{ upper_bound_column }} as upper_bound,
    lead({{ lower_bound_column }}) over ({{ partition }} order by {{ lower_bound_column }}, {{ upper_bound_column }}) as next_lower_bound,
    row_number() over ({{ partition }} order by {{ lower_bound_column }} desc, {{ upper_bound_column }} desc) = 1 as is_last_record
  from {{ model }}
),
checked as (
  select *,
    lower_bound {{ '<=' if zero_length_range_allowed else '<' }} upper_bound as lower_bound_less_than_upper_bound,
    coalesce(upper_bound {{ allowed[gaps] }} next_lower_bound, is_last_record, false) as upper_bound_fits_next_range
  from ranges
)
select * from checked
where not (lower_bound_less_than_upper_bound and upper_bound_fits_next_range)
{% endtest %}
`;

export const DBT_UTILS_MACROS = SQL;
