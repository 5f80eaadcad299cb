{#- ISO calendar parts. DuckDB's dayofweek is Sunday = 0 and Snowflake's week functions follow WEEK_START,
    so only the ISO spellings are used: Monday = 1 … Sunday = 7, weeks start Monday. -#}
{% macro iso_day_of_week(date) %}{{ return(adapter.dispatch('iso_day_of_week', 'clv')(date)) }}{% endmacro %}
{% macro default__iso_day_of_week(date) -%} isodow({{ date }}) {%- endmacro %}
{% macro snowflake__iso_day_of_week(date) -%} dayofweekiso({{ date }}) {%- endmacro %}

{% macro iso_week(date) %}{{ return(adapter.dispatch('iso_week', 'clv')(date)) }}{% endmacro %}
{% macro default__iso_week(date) -%} weekofyear({{ date }}) {%- endmacro %}
{% macro snowflake__iso_week(date) -%} weekiso({{ date }}) {%- endmacro %}

{% macro iso_year(date) %}{{ return(adapter.dispatch('iso_year', 'clv')(date)) }}{% endmacro %}
{% macro default__iso_year(date) -%} isoyear({{ date }}) {%- endmacro %}
{% macro snowflake__iso_year(date) -%} yearofweekiso({{ date }}) {%- endmacro %}

{#- The host part of a URL (`https://www.google.com/search?q=x` → `www.google.com`), null when absent. -#}
{% macro url_host(url) %}{{ return(adapter.dispatch('url_host', 'clv')(url)) }}{% endmacro %}
{% macro default__url_host(url) -%}
  nullif(lower(regexp_extract({{ url }}, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)', 1)), '')
{%- endmacro %}
{% macro snowflake__url_host(url) -%}
  nullif(lower(regexp_substr({{ url }}, '^[a-zA-Z][a-zA-Z0-9+.-]*://([^/?#:]+)', 1, 1, 'e', 1)), '')
{%- endmacro %}
