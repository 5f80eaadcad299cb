{#- The two label columns of a `group by grouping sets (…)` over per-split value columns (`<split>_value`):
    which split a row belongs to, and its value. `splits` maps split names to expressions; 'all' is the set
    with no split column. In each grouping set at most its own (never null) value column is not null. -#}
{% macro split_columns(splits) -%}
        case
            {%- for split, expression in splits.items() %}{% if split != 'all' %}
            when grouping({{ split }}_value) = 0 then '{{ split }}'
            {%- endif %}{% endfor %}
            else 'all'
        end as split_dimension,
        coalesce({% for split, expression in splits.items() %}{% if split != 'all' %}{{ split }}_value, {% endif %}{% endfor %}'all') as split_value
{%- endmacro %}
