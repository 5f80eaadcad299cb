{#- Truncate to the start of `datepart`, always returning a DATE: DuckDB returns a TIMESTAMP for some
    inputs, Snowflake keeps the input type. Weeks are ISO weeks (Monday) on both engines: Snowflake's
    'week' follows the WEEK_START session parameter, so it is spelled out here. -#}
{% macro date_trunc(datepart, date) %}
  {{ return(adapter.dispatch('date_trunc', 'clv')(datepart, date)) }}
{% endmacro %}

{% macro default__date_trunc(datepart, date) -%}
  cast(date_trunc('{{ datepart }}', {{ date }}) as date)
{%- endmacro %}

{% macro duckdb__date_trunc(datepart, date) -%}
  cast(date_trunc('{{ datepart }}', {{ date }}) as date)
{%- endmacro %}

{% macro snowflake__date_trunc(datepart, date) -%}
  {%- if datepart == 'week' -%}
  cast(dateadd(day, 1 - dayofweekiso({{ date }}), cast({{ date }} as date)) as date)
  {%- else -%}
  cast(date_trunc('{{ datepart }}', {{ date }}) as date)
  {%- endif -%}
{%- endmacro %}
