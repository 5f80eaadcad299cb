{#- A model configured with `schema: reporting` lands in the schema `reporting` itself, not dbt's default
    `<target schema>_reporting`: BI tools are pointed at stable schema names that do not change per target. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
