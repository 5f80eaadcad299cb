{#- A select returning one column `n` with the integers 0 … upper_bound − 1 (period spines for cohort
    curves, so months with no orders still get a row). -#}
{% macro integer_spine(upper_bound) %}{{ return(adapter.dispatch('integer_spine', 'clv')(upper_bound)) }}{% endmacro %}

{% macro default__integer_spine(upper_bound) -%}
  select cast(range as integer) as n from range(0, {{ upper_bound }})
{%- endmacro %}

{% macro snowflake__integer_spine(upper_bound) -%}
  select cast(row_number() over (order by seq4()) - 1 as integer) as n
  from table(generator(rowcount => {{ upper_bound }}))
{%- endmacro %}
