{#- Reading the raw `data` column by dotted camelCase paths (`totalPriceSet.shopMoney.amount`), element
    names case-sensitive on every engine, so the GraphQL spelling is used as received.

    DuckDB: the ingest lands `data` as a STRUCT shaped like the query's selection (parsed once, when the
    row lands), so a path is struct field access and json_parse passes the column through.

    Parse once, read many. DuckDB stores JSON as text and re-parses the whole document on every
    json_extract_string call: an order node is ~4 KB and staging reads ~45 fields from it, so per-field
    extraction parsed ~180 KB per order and dominated the build. Staging therefore lists the paths it
    reads, `json_parse(column, paths)` extracts them all in one pass (DuckDB: one json_extract_string
    with a list of paths → VARCHAR[]), and `json_text(parsed, path, paths)` picks one out.
    Snowflake's VARIANT is parsed at load time: json_parse passes the column through and json_text
    reads it with the `:` path operator, so the same model text runs on both engines.

    That is the default__ spelling, kept for engines whose raw `data` is JSON text.

    Without `paths`, json_text reads straight from the column (small tables, ad-hoc use). -#}
{% macro json_parse(column, paths) %}
  {{ return(adapter.dispatch('json_parse', 'clv')(column, paths)) }}
{% endmacro %}

{% macro default__json_parse(column, paths) -%}
  json_extract_string({{ column }}, [{% for path in paths %}'$.{{ path }}'{% if not loop.last %}, {% endif %}{% endfor %}])
{%- endmacro %}

{% macro snowflake__json_parse(column, paths) -%}
  {{ column }}
{%- endmacro %}

{% macro duckdb__json_parse(column, paths) -%}
  {{ column }}
{%- endmacro %}

{#- `customerJourneySummary.firstVisit.source` → struct_extract(struct_extract(struct_extract(data,
    'customerJourneySummary'), 'firstVisit'), 'source'); `discountCodes[0]` → struct_extract(data,
    'discountCodes')[1] (JSON paths count from 0, DuckDB lists from 1). struct_extract, not `data.a.b`: on a
    raw table still holding JSON text (landed by an older version, before `clv ingest` converted it) dot
    access would quietly return quoted JSON values, while struct_extract stops with an error. -#}
{% macro struct_path(column, path) -%}
  {%- set parts = path.split('.') -%}
  {%- for part in parts %}struct_extract({% endfor -%}
  {{ column }}
  {%- for part in parts -%}
    {%- if '[' in part -%}
      , '{{ part.split('[')[0] }}')[{{ (part.split('[')[1] | replace(']', '') | int) + 1 }}]
    {%- else -%}
      , '{{ part }}')
    {%- endif -%}
  {%- endfor -%}
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

{% macro duckdb__json_text(column, path, paths=none) -%}
  {%- if paths is not none -%}{%- do json_path_position(paths, path) -%}{%- endif -%}
  cast({{ struct_path(column, path) }} as varchar)
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

{% macro duckdb__json_array_text(column, path, paths=none) -%}
  {%- if paths is not none -%}{%- do json_path_position(paths, path) -%}{%- endif -%}
  nullif(array_to_string({{ struct_path(column, path) }}, ','), '')
{%- endmacro %}

{#- The first element of a JSON array at `path` as text (list `path ~ '[0]'` in the parsed paths). -#}
{% macro json_array_first(column, path, paths=none) -%}
  {{ json_text(column, path ~ '[0]', paths) }}
{%- endmacro %}
