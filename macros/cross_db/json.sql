{#- Reading the raw `data` JSON column by dotted camelCase paths (`totalPriceSet.shopMoney.amount`), element
    names case-sensitive on both engines, so the GraphQL spelling is used as received.

    Parse once, read many. DuckDB stores JSON as text and re-parses the whole document on every
    json_extract_string call: an order node is ~4 KB and staging reads ~45 fields from it, so per-field
    extraction parsed ~180 KB per order and dominated the build. Staging therefore lists the paths it
    reads, `json_parse(column, paths)` extracts them all in one pass (DuckDB: one json_extract_string
    with a list of paths → VARCHAR[]), and `json_text(parsed, path, paths)` picks one out.
    Snowflake's VARIANT is parsed at load time: json_parse passes the column through and json_text
    reads it with the `:` path operator, so the same model text runs on both engines.

    Without `paths`, json_text reads straight from a JSON column (small tables, ad-hoc use). -#}
{% macro json_parse(column, paths) %}
  {{ return(adapter.dispatch('json_parse', 'clv')(column, paths)) }}
{% endmacro %}

{% macro default__json_parse(column, paths) -%}
  json_extract_string({{ column }}, [{% for path in paths %}'$.{{ path }}'{% if not loop.last %}, {% endif %}{% endfor %}])
{%- endmacro %}

{% macro snowflake__json_parse(column, paths) -%}
  {{ column }}
{%- endmacro %}

{#- 1-based position of `path` in `paths`; a path missing from the list is a compile error, not a null column. -#}
{% macro json_path_position(paths, path) -%}
  {%- if path not in paths -%}
    {{ exceptions.raise_compiler_error("json path '" ~ path ~ "' is read but not listed in the paths given to json_parse: add it to the list") }}
  {%- endif -%}
  {%- for candidate in paths -%}{%- if candidate == path -%}{{ loop.index }}{%- endif -%}{%- endfor -%}
{%- endmacro %}

{% macro json_text(column, path, paths=none) %}
  {{ return(adapter.dispatch('json_text', 'clv')(column, path, paths)) }}
{% endmacro %}

{% macro default__json_text(column, path, paths=none) -%}
  {%- if paths is none -%}
  json_extract_string({{ column }}, '$.{{ path }}')
  {%- else -%}
  {{ column }}[{{ json_path_position(paths, path) }}]
  {%- endif -%}
{%- endmacro %}

{% macro snowflake__json_text(column, path, paths=none) -%}
  {{ column }}:{{ path }}::varchar
{%- endmacro %}

{#- A JSON array at `path` rendered as a comma-separated string (tags, discount codes), null when empty. -#}
{% macro json_array_text(column, path, paths=none) %}
  {{ return(adapter.dispatch('json_array_text', 'clv')(column, path, paths)) }}
{% endmacro %}

{% macro default__json_array_text(column, path, paths=none) -%}
  {%- if paths is none -%}
  nullif(array_to_string(cast(json_extract({{ column }}, '$.{{ path }}') as varchar[]), ','), '')
  {%- else -%}
  {#- the extracted array is its (small) JSON text: re-reading it is cheap, unlike the whole node -#}
  nullif(array_to_string(cast(cast({{ json_text(column, path, paths) }} as json) as varchar[]), ','), '')
  {%- endif -%}
{%- endmacro %}

{% macro snowflake__json_array_text(column, path, paths=none) -%}
  nullif(array_to_string({{ column }}:{{ path }}, ','), '')
{%- endmacro %}

{#- The first element of a JSON array at `path` as text (list `path ~ '[0]'` in the parsed paths). -#}
{% macro json_array_first(column, path, paths=none) -%}
  {{ json_text(column, path ~ '[0]', paths) }}
{%- endmacro %}
