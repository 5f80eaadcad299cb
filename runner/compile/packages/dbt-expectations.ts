// dbt_expectations' generic tests (github.com/calogica/dbt-expectations, continued as metaplane/dbt-expectations),
// written here from their documented contract so a project that declares the package runs without `dbt deps`.
// Each test selects its failing rows; table-level expectations select one row when they fail. `row_condition`
// filters the rows first, as in the package. Registered as package `dbt_expectations` only when declared.
export const DBT_EXPECTATIONS_FILE = 'dbt_expectations/macros/clv_bundled.sql';
export const DBT_EXPECTATIONS_PACKAGE = 'dbt_expectations';

const SQL = String.raw`
{#- The rows a test looks at: the model, filtered by row_condition. -#}
{% macro clv_rows(model, row_condition=none) -%}
  (select * from {{ model }}{% if row_condition %} where {{ row_condition }}{% endif %}) clv_rows
{%- endmacro %}

{#- "value between min and max" with the package's strictly flag; either bound may be none. -#}
{% macro clv_between(expression, min_value, max_value, strictly) -%}
  {%- set parts = [] -%}
  {%- if min_value is not none %}{% do parts.append(expression ~ (' > ' if strictly else ' >= ') ~ min_value) %}{% endif -%}
  {%- if max_value is not none %}{% do parts.append(expression ~ (' < ' if strictly else ' <= ') ~ max_value) %}{% endif -%}
  {%- if parts | length == 0 %}{{ exceptions.raise_compiler_error("dbt_expectations: give min_value, max_value or both") }}{% endif -%}
  ({{ parts | join(' and ') }})
{%- endmacro %}

{% macro clv_value_list(values, quote_values) -%}
  {%- for value in values %}{% if quote_values %}'{{ value }}'{% else %}{{ value }}{% endif %}{% if not loop.last %}, {% endif %}{% endfor -%}
{%- endmacro %}

{#- An aggregate over the rows (per group) that must fall in a range: the failing groups. -#}
{% macro clv_aggregate_between(model, aggregate, min_value, max_value, group_by, row_condition, strictly) -%}
  select * from (
    select {% if group_by %}{{ group_by | join(', ') }}, {% endif %}{{ aggregate }} as expectation_value
    from {{ dbt_expectations.clv_rows(model, row_condition) }}
    {% if group_by %}group by {{ group_by | join(', ') }}{% endif %}
  ) aggregated
  where not {{ dbt_expectations.clv_between('expectation_value', min_value, max_value, strictly) }} or expectation_value is null
{%- endmacro %}

{% test expect_column_to_exist(model, column_name, column_index=none, transform='upper') %}
{#- Binding the column is the check: a missing column fails the test with the engine's message. -#}
select {{ column_name }} from {{ model }} where false
{% endtest %}

{% test expect_column_values_to_not_be_null(model, column_name, row_condition=none) %}
select * from {{ dbt_expectations.clv_rows(model, row_condition) }} where {{ column_name }} is null
{% endtest %}

{% test expect_column_values_to_be_null(model, column_name, row_condition=none) %}
select * from {{ dbt_expectations.clv_rows(model, row_condition) }} where {{ column_name }} is not null
{% endtest %}

{% test expect_column_values_to_be_unique(model, column_name, row_condition=none) %}
select {{ column_name }}, count(*) as n_records
from {{ dbt_expectations.clv_rows(model, row_condition) }}
where {{ column_name }} is not null
group by {{ column_name }}
having count(*) > 1
{% endtest %}

{% test expect_column_values_to_be_between(model, column_name, min_value=none, max_value=none, row_condition=none, strictly=false) %}
select * from {{ dbt_expectations.clv_rows(model, row_condition) }}
where {{ column_name }} is not null and not {{ dbt_expectations.clv_between(column_name, min_value, max_value, strictly) }}
{% endtest %}

{% test expect_column_values_to_be_in_set(model, column_name, value_set, quote_values=true, row_condition=none) %}
select * from {{ dbt_expectations.clv_rows(model, row_condition) }}
where {{ column_name }} is not null and {{ column_name }} not in ({{ dbt_expectations.clv_value_list(value_set, quote_values) }})
{% endtest %}

{% test expect_column_values_to_not_be_in_set(model, column_name, value_set, quote_values=true, row_condition=none) %}
select * from {{ dbt_expectations.clv_rows(model, row_condition) }}
where {{ column_name }} in ({{ dbt_expectations.clv_value_list(value_set, quote_values) }})
{% endtest %}

{% test expect_column_values_to_match_regex(model, column_name, regex, row_condition=none, is_raw=false, flags='') %}
select * from {{ dbt_expectations.clv_rows(model, row_condition) }}
where {{ column_name }} is not null and not regexp_matches({{ column_name }}, '{{ regex }}'{% if flags %}, '{{ flags }}'{% endif %})
{% endtest %}

{% test expect_column_values_to_not_match_regex(model, column_name, regex, row_condition=none, is_raw=false, flags='') %}
select * from {{ dbt_expectations.clv_rows(model, row_condition) }}
where {{ column_name }} is not null and regexp_matches({{ column_name }}, '{{ regex }}'{% if flags %}, '{{ flags }}'{% endif %})
{% endtest %}

{% test expect_column_value_lengths_to_be_between(model, column_name, min_value=none, max_value=none, row_condition=none, strictly=false) %}
select * from {{ dbt_expectations.clv_rows(model, row_condition) }}
where {{ column_name }} is not null and not {{ dbt_expectations.clv_between(dbt.length(column_name), min_value, max_value, strictly) }}
{% endtest %}

{% test expect_column_value_lengths_to_equal(model, column_name, value, row_condition=none) %}
select * from {{ dbt_expectations.clv_rows(model, row_condition) }}
where {{ column_name }} is not null and {{ dbt.length(column_name) }} <> {{ value }}
{% endtest %}

{% test expect_column_values_to_be_of_type(model, column_name, column_type) %}
{%- if target.type != 'duckdb' -%}
  {{ exceptions.raise_compiler_error("dbt_expectations.expect_column_values_to_be_of_type reads column types at compile time on " ~ target.type ~ ", which clv does not do") }}
{%- endif -%}
select column_type from (select typeof({{ column_name }}) as column_type from {{ model }} limit 1) typed
where upper(column_type) <> upper('{{ column_type }}')
{% endtest %}

{% test expect_column_values_to_be_in_type_list(model, column_name, column_type_list) %}
{%- if target.type != 'duckdb' -%}
  {{ exceptions.raise_compiler_error("dbt_expectations.expect_column_values_to_be_in_type_list reads column types at compile time on " ~ target.type ~ ", which clv does not do") }}
{%- endif -%}
select column_type from (select typeof({{ column_name }}) as column_type from {{ model }} limit 1) typed
where upper(column_type) not in ({% for t in column_type_list %}upper('{{ t }}'){% if not loop.last %}, {% endif %}{% endfor %})
{% endtest %}

{% test expect_table_row_count_to_be_between(model, min_value=none, max_value=none, group_by=none, row_condition=none, strictly=false) %}
{{ dbt_expectations.clv_aggregate_between(model, 'count(*)', min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}

{% test expect_table_row_count_to_equal(model, value, group_by=none, row_condition=none) %}
{{ dbt_expectations.clv_aggregate_between(model, 'count(*)', value, value, group_by, row_condition, false) }}
{% endtest %}

{% test expect_table_row_count_to_equal_other_table(model, compare_model, group_by=none, compare_group_by=none, factor=1, row_condition=none, compare_row_condition=none) %}
with a as (select count(*) as n from {{ dbt_expectations.clv_rows(model, row_condition) }}),
b as (select count(*) as n from {{ dbt_expectations.clv_rows(compare_model, compare_row_condition) }})
select a.n as row_count, b.n as compare_row_count from a cross join b where a.n <> b.n * {{ factor }}
{% endtest %}

{% test expect_compound_columns_to_be_unique(model, column_list, quote_columns=false, ignore_row_if='all_values_are_missing', row_condition=none) %}
{%- set columns = [] -%}
{%- for column in column_list %}{% do columns.append(adapter.quote(column) if quote_columns else column) %}{% endfor -%}
{%- set joiner = ' and ' if ignore_row_if == 'any_value_is_missing' else ' or ' -%}
select {{ columns | join(', ') }}, count(*) as n_records
from {{ dbt_expectations.clv_rows(model, row_condition) }}
where {% for column in columns %}{{ column }} is not null{% if not loop.last %}{{ joiner }}{% endif %}{% endfor %}
group by {{ columns | join(', ') }}
having count(*) > 1
{% endtest %}

{% test expect_column_distinct_count_to_equal(model, column_name, value, quote_values=false, group_by=none, row_condition=none) %}
{{ dbt_expectations.clv_aggregate_between(model, 'count(distinct ' ~ column_name ~ ')', value, value, group_by, row_condition, false) }}
{% endtest %}

{% test expect_column_distinct_count_to_be_greater_than(model, column_name, value, quote_values=false, group_by=none, row_condition=none) %}
{{ dbt_expectations.clv_aggregate_between(model, 'count(distinct ' ~ column_name ~ ')', value, none, group_by, row_condition, true) }}
{% endtest %}

{% test expect_column_distinct_count_to_be_less_than(model, column_name, value, quote_values=false, group_by=none, row_condition=none) %}
{{ dbt_expectations.clv_aggregate_between(model, 'count(distinct ' ~ column_name ~ ')', none, value, group_by, row_condition, true) }}
{% endtest %}

{% test expect_column_min_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none, row_condition=none, strictly=false) %}
{{ dbt_expectations.clv_aggregate_between(model, 'min(' ~ column_name ~ ')', min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}

{% test expect_column_max_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none, row_condition=none, strictly=false) %}
{{ dbt_expectations.clv_aggregate_between(model, 'max(' ~ column_name ~ ')', min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}

{% test expect_column_mean_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none, row_condition=none, strictly=false) %}
{{ dbt_expectations.clv_aggregate_between(model, 'avg(' ~ column_name ~ ')', min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}

{% test expect_column_sum_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none, row_condition=none, strictly=false) %}
{{ dbt_expectations.clv_aggregate_between(model, 'sum(' ~ column_name ~ ')', min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}

{% test expect_column_proportion_of_unique_values_to_be_between(model, column_name, min_value=none, max_value=none, group_by=none, row_condition=none, strictly=false) %}
{{ dbt_expectations.clv_aggregate_between(model, 'count(distinct ' ~ column_name ~ ') * 1.0 / nullif(count(*), 0)', min_value, max_value, group_by, row_condition, strictly) }}
{% endtest %}

{% test expect_row_values_to_have_recent_data(model, column_name, datepart, interval, row_condition=none) %}
select max_value from (
  select max({{ column_name }}) as max_value from {{ dbt_expectations.clv_rows(model, row_condition) }}
) latest
where max_value is null or cast(max_value as {{ dbt.type_timestamp() }}) < {{ dbt.dateadd(datepart, interval * -1, dbt.current_timestamp()) }}
{% endtest %}

{#- Each row against the previous one in sort order (per group): the rows where value op previous fails. -#}
{% macro clv_ordered(model, column_name, sort_column, op, row_condition, group_by) -%}
select * from (
  select {{ column_name }} as value_field,
    lag({{ column_name }}) over ({% if group_by %}partition by {{ group_by | join(', ') }} {% endif %}order by {{ sort_column or column_name }}) as previous_value
  from {{ dbt_expectations.clv_rows(model, row_condition) }}
) ordered
where previous_value is not null and not (value_field {{ op }} previous_value)
{%- endmacro %}

{% test expect_column_values_to_be_increasing(model, column_name, sort_column=none, strictly=true, row_condition=none, group_by=none) %}
{{ dbt_expectations.clv_ordered(model, column_name, sort_column, '>' if strictly else '>=', row_condition, group_by) }}
{% endtest %}

{% test expect_column_values_to_be_decreasing(model, column_name, sort_column=none, strictly=true, row_condition=none, group_by=none) %}
{{ dbt_expectations.clv_ordered(model, column_name, sort_column, '<' if strictly else '<=', row_condition, group_by) }}
{% endtest %}

{% test expect_multicolumn_sum_to_equal(model, column_list, sum_total, group_by=none, row_condition=none) %}
{%- set sums = [] -%}{%- for column in column_list %}{% do sums.append('sum(' ~ column ~ ')') %}{% endfor -%}
{{ dbt_expectations.clv_aggregate_between(model, sums | join(' + '), sum_total, sum_total, group_by, row_condition, false) }}
{% endtest %}
`;

export const DBT_EXPECTATIONS_MACROS = SQL;
