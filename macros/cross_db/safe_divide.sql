{#- numerator / denominator, null when the denominator is 0 or null. DuckDB returns Infinity and
    Snowflake raises on x/0, so neither engine's own behaviour is acceptable in a mart. -#}
{% macro safe_divide(numerator, denominator) %}
  {{ return(adapter.dispatch('safe_divide', 'clv')(numerator, denominator)) }}
{% endmacro %}

{% macro default__safe_divide(numerator, denominator) -%}
  case when ({{ denominator }}) = 0 then null else ({{ numerator }}) / ({{ denominator }}) end
{%- endmacro %}
