{#- Natural log of the gamma function. DuckDB has lgamma(); Snowflake documents none, so the Snowflake
    version calls a JavaScript UDF the project creates on first use (see create_lgamma_udf), using the
    Lanczos approximation (g = 7, n = 9; Numerical Recipes 3rd ed. §6.1), accurate to ~1e-15. -#}
{% macro lgamma(x) %}
  {{ return(adapter.dispatch('lgamma', 'clv')(x)) }}
{% endmacro %}

{% macro default__lgamma(x) -%}
  lgamma({{ x }})
{%- endmacro %}

{% macro snowflake__lgamma(x) -%}
  {{ target.schema }}.clv_lgamma(cast({{ x }} as double))
{%- endmacro %}

{#- Run as an on-run-start hook on Snowflake targets. JavaScript UDF arguments are visible in UPPER case. -#}
{% macro create_lgamma_udf() %}
  {% if target.type == 'snowflake' %}
create or replace function {{ target.schema }}.clv_lgamma(x double)
returns double
language javascript
as $$
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7];
  function lg(x) {
    if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lg(1 - x);
    x -= 1;
    let a = c[0];
    const t = x + g + 0.5;
    for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }
  return lg(X);
$$
  {% else %}
select 1
  {% endif %}
{% endmacro %}
