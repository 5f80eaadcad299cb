// The cross-database macros dbt ships in its global project (docs.getdbt.com/reference/dbt-jinja-functions/
// cross-database-macros), written here from their documented contract. Real projects call them both as
// `{{ dbt.date_trunc('month', 'ordered_at') }}` and unprefixed; each dispatches (`duckdb__x`, then
// `snowflake__x`, then `default__x`) so a project overrides one exactly as in dbt, by defining
// `duckdb__date_trunc` under macros/. Registered as package `dbt`, so depends_on.macros reads
// `macro.dbt.date_trunc` as in a dbt manifest.
export const GLOBAL_MACROS_FILE = 'dbt/cross_database_macros.sql';
export const GLOBAL_MACROS_PACKAGE = 'dbt';

// One dispatching wrapper per macro: name(args) -> adapter.dispatch('name', 'dbt')(args).
const wrappers: [name: string, params: string, call: string][] = [
  ['type_string', '', ''],
  ['type_int', '', ''],
  ['type_bigint', '', ''],
  ['type_float', '', ''],
  ['type_numeric', '', ''],
  ['type_boolean', '', ''],
  ['type_timestamp', '', ''],
  ['current_timestamp', '', ''],
  ['current_timestamp_backcompat', '', ''],
  ['current_timestamp_in_utc_backcompat', '', ''],
  ['cast', 'field, type', 'field, type'],
  ['safe_cast', 'field, type', 'field, type'],
  ['cast_bool_to_text', 'field', 'field'],
  ['concat', 'fields', 'fields'],
  ['hash', 'field', 'field'],
  ['length', 'expression', 'expression'],
  ['position', 'substring_text, string_text', 'substring_text, string_text'],
  ['replace', 'field, old_chars, new_chars', 'field, old_chars, new_chars'],
  ['right', 'string_text, length_expression', 'string_text, length_expression'],
  ['split_part', 'string_text, delimiter_text, part_number', 'string_text, delimiter_text, part_number'],
  ['string_literal', 'value', 'value'],
  ['escape_single_quotes', 'expression', 'expression'],
  ['listagg', "measure, delimiter_text=\"','\", order_by_clause=none, limit_num=none", 'measure, delimiter_text, order_by_clause, limit_num'],
  ['any_value', 'expression', 'expression'],
  ['bool_or', 'expression', 'expression'],
  ['date_trunc', 'datepart, date', 'datepart, date'],
  ['dateadd', 'datepart, interval, from_date_or_timestamp', 'datepart, interval, from_date_or_timestamp'],
  ['datediff', 'first_date, second_date, datepart', 'first_date, second_date, datepart'],
  ['last_day', 'date, datepart', 'date, datepart'],
  ['date', 'year, month, day', 'year, month, day'],
  ['date_spine', 'datepart, start_date, end_date', 'datepart, start_date, end_date'],
  ['generate_series', 'upper_bound', 'upper_bound'],
  ['array_construct', 'inputs=[], data_type="integer"', 'inputs, data_type'],
  ['array_append', 'array, new_element', 'array, new_element'],
  ['array_concat', 'array_1, array_2', 'array_1, array_2'],
  ['except', '', ''],
  ['intersect', '', ''],
];

const dispatching = wrappers
  .map(([name, params, call]) => `{% macro ${name}(${params}) %}{{ return(adapter.dispatch('${name}', 'dbt')(${call})) }}{% endmacro %}`)
  .join('\n');

// A default__ is the ANSI spelling engines share; duckdb__/snowflake__ exist where an engine spells it its
// own way (DuckDB's `float` is 4-byte, so floats are `double`; Snowflake has no `bool_or`), and carry the
// whole macro where there is no common spelling (intervals, series, arrays).
const implementations = String.raw`
{% macro default__type_string() %}varchar{% endmacro %}
{% macro default__type_int() %}integer{% endmacro %}
{% macro default__type_bigint() %}bigint{% endmacro %}
{% macro default__type_float() %}float{% endmacro %}
{% macro duckdb__type_float() %}double{% endmacro %}
{% macro default__type_numeric() %}numeric(28,6){% endmacro %}
{% macro default__type_boolean() %}boolean{% endmacro %}
{% macro default__type_timestamp() %}timestamp{% endmacro %}

{% macro default__current_timestamp() %}current_timestamp{% endmacro %}
{% macro duckdb__current_timestamp() %}now(){% endmacro %}
{% macro snowflake__current_timestamp() %}convert_timezone('UTC', current_timestamp()){% endmacro %}
{% macro default__current_timestamp_backcompat() %}{{ dbt.current_timestamp() }}{% endmacro %}
{% macro default__current_timestamp_in_utc_backcompat() %}{{ dbt.current_timestamp() }}{% endmacro %}

{% macro default__cast(field, type) %}cast({{ field }} as {{ type }}){% endmacro %}
{% macro default__safe_cast(field, type) %}try_cast({{ field }} as {{ type }}){% endmacro %}
{# Snowflake's try_cast only accepts text input. #}
{% macro snowflake__safe_cast(field, type) %}try_cast(cast({{ field }} as varchar) as {{ type }}){% endmacro %}
{% macro default__cast_bool_to_text(field) %}cast({{ field }} as {{ dbt.type_string() }}){% endmacro %}

{% macro default__concat(fields) %}{{ fields | join(' || ') }}{% endmacro %}
{% macro default__hash(field) %}md5(cast({{ field }} as {{ dbt.type_string() }})){% endmacro %}
{% macro default__length(expression) %}length({{ expression }}){% endmacro %}
{% macro default__position(substring_text, string_text) %}position({{ substring_text }} in {{ string_text }}){% endmacro %}
{% macro default__replace(field, old_chars, new_chars) %}replace({{ field }}, {{ old_chars }}, {{ new_chars }}){% endmacro %}
{% macro default__right(string_text, length_expression) %}right({{ string_text }}, {{ length_expression }}){% endmacro %}
{% macro default__split_part(string_text, delimiter_text, part_number) %}split_part({{ string_text }}, {{ delimiter_text }}, {{ part_number }}){% endmacro %}
{% macro default__string_literal(value) %}'{{ value }}'{% endmacro %}
{% macro default__escape_single_quotes(expression) %}{{ expression | replace("'", "''") }}{% endmacro %}

{% macro duckdb__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}
array_to_string((list({{ measure }} {{ order_by_clause or '' }}))[1:{{ limit_num }}], {{ delimiter_text }})
{%- else -%}
string_agg({{ measure }}, {{ delimiter_text }} {{ order_by_clause or '' }})
{%- endif -%}
{%- endmacro %}
{% macro snowflake__listagg(measure, delimiter_text, order_by_clause, limit_num) -%}
{%- if limit_num -%}
array_to_string(array_slice(array_agg({{ measure }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}, 0, {{ limit_num }}), {{ delimiter_text }})
{%- else -%}
listagg({{ measure }}, {{ delimiter_text }}){% if order_by_clause %} within group ({{ order_by_clause }}){% endif %}
{%- endif -%}
{%- endmacro %}
{% macro default__any_value(expression) %}any_value({{ expression }}){% endmacro %}
{% macro default__bool_or(expression) %}bool_or({{ expression }}){% endmacro %}
{% macro snowflake__bool_or(expression) %}boolor_agg({{ expression }}){% endmacro %}

{% macro default__date_trunc(datepart, date) %}date_trunc('{{ datepart }}', {{ date }}){% endmacro %}
{% macro duckdb__dateadd(datepart, interval, from_date_or_timestamp) %}({{ from_date_or_timestamp }} + (interval 1 {{ datepart }}) * ({{ interval }})){% endmacro %}
{% macro snowflake__dateadd(datepart, interval, from_date_or_timestamp) %}dateadd({{ datepart }}, {{ interval }}, {{ from_date_or_timestamp }}){% endmacro %}
{# Counts datepart boundaries crossed between the two, as dbt's datediff does on every adapter. #}
{% macro duckdb__datediff(first_date, second_date, datepart) %}date_diff('{{ datepart }}', cast({{ first_date }} as timestamp), cast({{ second_date }} as timestamp)){% endmacro %}
{% macro snowflake__datediff(first_date, second_date, datepart) %}datediff({{ datepart }}, {{ first_date }}, {{ second_date }}){% endmacro %}
{% macro default__last_day(date, datepart) %}cast({{ dbt.dateadd('day', '-1', dbt.dateadd(datepart, '1', dbt.date_trunc(datepart, date))) }} as date){% endmacro %}
{% macro duckdb__date(year, month, day) %}make_date({{ year }}, {{ month }}, {{ day }}){% endmacro %}
{% macro snowflake__date(year, month, day) %}date_from_parts({{ year }}, {{ month }}, {{ day }}){% endmacro %}

{# One row per datepart from start_date (included) to end_date (excluded), in a column date_<datepart>. #}
{% macro duckdb__date_spine(datepart, start_date, end_date) -%}
select cast(range as timestamp) as date_{{ datepart }}
from range(cast({{ start_date }} as timestamp), cast({{ end_date }} as timestamp), interval 1 {{ datepart }})
{%- endmacro %}
{% macro snowflake__date_spine(datepart, start_date, end_date) -%}
select date_{{ datepart }} from (
    select dateadd({{ datepart }}, row_number() over (order by seq4()) - 1, cast({{ start_date }} as timestamp)) as date_{{ datepart }}
    from table(generator(rowcount => 100000))
) where date_{{ datepart }} < cast({{ end_date }} as timestamp)
{%- endmacro %}
{% macro duckdb__generate_series(upper_bound) -%}
select range as generated_number from range(1, {{ upper_bound }} + 1)
{%- endmacro %}
{% macro snowflake__generate_series(upper_bound) -%}
select row_number() over (order by seq4()) as generated_number from table(generator(rowcount => {{ upper_bound }}))
{%- endmacro %}

{% macro duckdb__array_construct(inputs, data_type) %}{% if inputs | length %}[{{ inputs | join(', ') }}]{% else %}cast([] as {{ data_type }}[]){% endif %}{% endmacro %}
{% macro snowflake__array_construct(inputs, data_type) %}array_construct({{ inputs | join(', ') }}){% endmacro %}
{% macro duckdb__array_append(array, new_element) %}list_append({{ array }}, {{ new_element }}){% endmacro %}
{% macro snowflake__array_append(array, new_element) %}array_append({{ array }}, {{ new_element }}){% endmacro %}
{% macro duckdb__array_concat(array_1, array_2) %}list_concat({{ array_1 }}, {{ array_2 }}){% endmacro %}
{% macro snowflake__array_concat(array_1, array_2) %}array_cat({{ array_1 }}, {{ array_2 }}){% endmacro %}

{% macro default__except() %}except{% endmacro %}
{% macro default__intersect() %}intersect{% endmacro %}
`;

export const GLOBAL_MACROS = `${dispatching}\n${implementations}`;
