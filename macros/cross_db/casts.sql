{#- Typed reads from the raw JSON. Money arrives as decimal strings ("12.50") and is cast straight to
    decimal(18,2), never through a float. Timestamps arrive as ISO-8601 with an offset and are stored as
    timestamps in UTC without a zone so both engines compare and truncate them the same way. -#}
{% macro json_money(column, path) -%}
  cast({{ json_text(column, path) }} as decimal(18, 2))
{%- endmacro %}

{% macro json_int(column, path) -%}
  cast({{ json_text(column, path) }} as integer)
{%- endmacro %}

{% macro json_bool(column, path) -%}
  coalesce(cast({{ json_text(column, path) }} as boolean), false)
{%- endmacro %}

{% macro json_timestamp(column, path) -%}
  {{ to_utc_timestamp(json_text(column, path)) }}
{%- endmacro %}

{% macro to_utc_timestamp(expression) %}
  {{ return(adapter.dispatch('to_utc_timestamp', 'clv')(expression)) }}
{% endmacro %}

{% macro default__to_utc_timestamp(expression) -%}
  cast(timezone('UTC', cast({{ expression }} as timestamptz)) as timestamp)
{%- endmacro %}

{% macro snowflake__to_utc_timestamp(expression) -%}
  cast(convert_timezone('UTC', to_timestamp_tz({{ expression }})) as timestamp_ntz)
{%- endmacro %}

{% macro money_type() -%}
  decimal(18, 2)
{%- endmacro %}
