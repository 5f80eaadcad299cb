{#- Add `interval` units to a date or timestamp. Snowflake's DATEADD keeps the input type; DuckDB's
    `+ interval` returns a TIMESTAMP, so date callers cast back with `cast(... as date)`. -#}
{% macro dateadd(datepart, interval, from_date) %}
  {{ return(adapter.dispatch('dateadd', 'clv')(datepart, interval, from_date)) }}
{% endmacro %}

{% macro default__dateadd(datepart, interval, from_date) -%}
  dateadd({{ datepart }}, {{ interval }}, {{ from_date }})
{%- endmacro %}

{% macro duckdb__dateadd(datepart, interval, from_date) -%}
  {#- Parentheses let `interval` be a column or expression, not only a literal. -#}
  ({{ from_date }} + interval ({{ interval }}) {{ datepart }})
{%- endmacro %}

{% macro snowflake__dateadd(datepart, interval, from_date) -%}
  dateadd({{ datepart }}, {{ interval }}, {{ from_date }})
{%- endmacro %}
