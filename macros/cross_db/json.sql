{#- Read a value out of the raw `data` JSON column by a dotted camelCase path (`totalPriceSet.shopMoney.amount`).
    DuckDB: json_extract_string; Snowflake: the `:` path operator on a VARIANT. Element names are
    case-sensitive on both engines, so the GraphQL spelling is used as received. -#}
{% macro json_text(column, path) %}
  {{ return(adapter.dispatch('json_text', 'clv')(column, path)) }}
{% endmacro %}

{% macro default__json_text(column, path) -%}
  json_extract_string({{ column }}, '$.{{ path }}')
{%- endmacro %}

{% macro duckdb__json_text(column, path) -%}
  json_extract_string({{ column }}, '$.{{ path }}')
{%- endmacro %}

{% macro snowflake__json_text(column, path) -%}
  {{ column }}:{{ path }}::varchar
{%- endmacro %}

{#- A JSON array at `path` rendered as a comma-separated string (tags, discount codes), null when empty. -#}
{% macro json_array_text(column, path) %}
  {{ return(adapter.dispatch('json_array_text', 'clv')(column, path)) }}
{% endmacro %}

{% macro default__json_array_text(column, path) -%}
  nullif(array_to_string(cast(json_extract({{ column }}, '$.{{ path }}') as varchar[]), ','), '')
{%- endmacro %}

{% macro snowflake__json_array_text(column, path) -%}
  nullif(array_to_string({{ column }}:{{ path }}, ','), '')
{%- endmacro %}

{#- The first element of a JSON array at `path` as text. -#}
{% macro json_array_first(column, path) %}
  {{ return(adapter.dispatch('json_array_first', 'clv')(column, path)) }}
{% endmacro %}

{% macro default__json_array_first(column, path) -%}
  json_extract_string({{ column }}, '$.{{ path }}[0]')
{%- endmacro %}

{% macro snowflake__json_array_first(column, path) -%}
  {{ column }}:{{ path }}[0]::varchar
{%- endmacro %}
