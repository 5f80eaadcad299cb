{#- Number of `datepart` boundaries crossed from `first_date` to `second_date` (Snowflake DATEDIFF
    semantics: 2024-01-31 → 2024-02-01 is 1 month). DuckDB's date_diff agrees; its date_sub does not. -#}
{% macro datediff(first_date, second_date, datepart) %}
  {{ return(adapter.dispatch('datediff', 'clv')(first_date, second_date, datepart)) }}
{% endmacro %}

{% macro default__datediff(first_date, second_date, datepart) -%}
  datediff({{ datepart }}, {{ first_date }}, {{ second_date }})
{%- endmacro %}

{% macro duckdb__datediff(first_date, second_date, datepart) -%}
  date_diff('{{ datepart }}', {{ first_date }}, {{ second_date }})
{%- endmacro %}

{% macro snowflake__datediff(first_date, second_date, datepart) -%}
  datediff({{ datepart }}, {{ first_date }}, {{ second_date }})
{%- endmacro %}
