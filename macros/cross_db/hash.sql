{#- Deterministic surrogate key: md5 of the '|'-joined, null-coalesced parts. MD5 is the one hash both
    engines spell and compute identically (HASH() differs), and `||` with coalesce avoids CONCAT's
    differing null handling. -#}
{% macro hash(expression) -%}
  md5(cast({{ expression }} as varchar))
{%- endmacro %}

{% macro surrogate_key(columns) -%}
  md5(
    {%- for column in columns %}
    coalesce(cast({{ column }} as varchar), '_null_'){% if not loop.last %} || '|' ||{% endif %}
    {%- endfor %}
  )
{%- endmacro %}
