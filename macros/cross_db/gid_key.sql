{#- An integer key for a Shopify gid ('gid://shopify/Order/6100000000000' → 6100000000000), for joins, group
    bys and the keys of the large internal tables: on DuckDB a BIGINT costs ~0.03 CPU-s per million rows to
    write against ~0.5 for the 33–45-character gid, and hashes 2–4× faster.

    Collision-free for every gid of the expected type whose tail is a positive number written without sign
    or leading zeros (what Shopify sends): the key is that number, and only that text maps to it (the tail
    must round-trip through the integer: engines also read '0123', '+123', '1_23', '1.2' or '1e2' as
    numbers). Anything else (another resource type, a non-numeric tail, a composite id from a dirty source)
    gets a negative 63-bit hash of the whole text: it cannot take a Shopify id's key, does not crash the
    build, and two such ids share a key only by a 64-bit hash collision (the staging `unique` tests on the
    keys would fail the build). Null stays null.

    `number`: the column holding gid_number(column, type), computed one CTE earlier. Engines do not share
    the parse between the expressions below, and at 1.6M lines per read of a staging view the repeated
    substr + try_cast was ~0.26 CPU-s per key and million rows; computed once beneath, about half. -#}
{% macro gid_key(column, type, number=none) %}
  {{ return(adapter.dispatch('gid_key', 'clv')(column, type, number)) }}
{% endmacro %}

{#- The gid's tail read as an integer where the gid has the expected type (null otherwise); only a
    candidate: gid_key checks that it round-trips. -#}
{% macro gid_number(column, type) %}
  {{ return(adapter.dispatch('gid_number', 'clv')(column, type)) }}
{% endmacro %}

{% macro gid_tail(column, type) -%}
  substr({{ column }}, {{ ('gid://shopify/' ~ type ~ '/') | length + 1 }})
{%- endmacro %}

{% macro default__gid_number(column, type) -%}
  case when starts_with({{ column }}, 'gid://shopify/{{ type }}/') then try_cast({{ gid_tail(column, type) }} as bigint) end
{%- endmacro %}

{% macro snowflake__gid_number(column, type) -%}
  case when startswith({{ column }}, 'gid://shopify/{{ type }}/') then try_to_number({{ gid_tail(column, type) }}) end
{%- endmacro %}

{% macro default__gid_key(column, type, number) -%}
  {%- set n = number or gid_number(column, type) -%}
  case
      when {{ column }} is null then null
      when {{ n }} > 0 and cast({{ n }} as varchar) = {{ gid_tail(column, type) }} then {{ n }}
      -- hash() is a UBIGINT: shifted into 0 … 2^63 − 1, then negated below zero
      else -1 - cast(hash({{ column }}) >> 1 as bigint)
  end
{%- endmacro %}

{% macro snowflake__gid_key(column, type, number) -%}
  {%- set n = number or gid_number(column, type) -%}
  case
      when {{ column }} is null then null
      when {{ n }} > 0 and to_varchar({{ n }}) = {{ gid_tail(column, type) }} then {{ n }}
      -- HASH() is a signed 64-bit number; NUMBER(38) holds -1 - 2^63
      else -1 - abs(hash({{ column }}))
  end
{%- endmacro %}
