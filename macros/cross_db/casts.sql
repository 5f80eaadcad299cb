{#- Typed reads from the raw JSON. Money arrives as decimal strings ("12.50") and is cast straight to
    decimal(18,2), never through a float. Timestamps arrive as ISO-8601 with an offset and are stored as
    timestamps in UTC without a zone so both engines compare and truncate them the same way. -#}
{% macro json_money(column, path, paths=none) -%}
  cast({{ json_text(column, path, paths) }} as decimal(18, 2))
{%- endmacro %}

{% macro json_int(column, path, paths=none) -%}
  cast({{ json_text(column, path, paths) }} as integer)
{%- endmacro %}

{% macro json_bool(column, path, paths=none) -%}
  coalesce(cast({{ json_text(column, path, paths) }} as boolean), false)
{%- endmacro %}

{% macro json_timestamp(column, path, paths=none) -%}
  {{ to_utc_timestamp(json_text(column, path, paths)) }}
{%- endmacro %}

{% macro to_utc_timestamp(expression) %}
  {{ return(adapter.dispatch('to_utc_timestamp', 'clv')(expression)) }}
{% endmacro %}

{% macro default__to_utc_timestamp(expression) -%}
  cast(timezone('UTC', cast({{ expression }} as timestamptz)) as timestamp)
{%- endmacro %}

{#- DuckDB: the instant's epoch microseconds read back as a zone-less timestamp. Same value as the default
    spelling, but timezone('UTC', …) goes through ICU per row: ~0.28 CPU-s per million values against ~0.01,
    and staging converts ~8 timestamps per order on every read of its views (over 2 CPU-s per read of
    stg_shopify__orders at 1M orders). -#}
{% macro duckdb__to_utc_timestamp(expression) -%}
  make_timestamp(epoch_us(cast({{ expression }} as timestamptz)))
{%- endmacro %}

{% macro snowflake__to_utc_timestamp(expression) -%}
  cast(convert_timezone('UTC', to_timestamp_tz({{ expression }})) as timestamp_ntz)
{%- endmacro %}

{% macro money_type() -%}
  decimal(18, 2)
{%- endmacro %}

{#- The inverse of to_utc_timestamp: a UTC timestamp without zone as a timestamp with time zone, so it can be
    compared with a raw TIMESTAMPTZ column as is (wrapping the column instead would stop the engine from
    pruning by it). -#}
{% macro utc_as_timestamptz(expression) %}
  {{ return(adapter.dispatch('utc_as_timestamptz', 'clv')(expression)) }}
{% endmacro %}

{% macro default__utc_as_timestamptz(expression) -%}
  timezone('UTC', {{ expression }})
{%- endmacro %}

{% macro snowflake__utc_as_timestamptz(expression) -%}
  to_timestamp_tz(to_varchar({{ expression }}, 'YYYY-MM-DD HH24:MI:SS.FF9') || ' +00:00', 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM')
{%- endmacro %}
