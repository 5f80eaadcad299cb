{#- The incremental predicate shared by every order-grain incremental model: on an incremental run,
    reprocess rows whose `column` falls within `incremental_lookback_days` of the newest one already
    built, so late-arriving updates (refunds, cancellations, webhook replays) are merged again.
    On a full refresh it renders `true`, so the model reads everything. -#}
{% macro incremental_window(column, this_column=none) -%}
  {%- if is_incremental() -%}
  {{ column }} >= (
      select {{ dateadd('day', -1 * var('incremental_lookback_days', 3), 'max(' ~ (this_column or column) ~ ')') }}
      from {{ this }}
  )
  {%- else -%}
  true
  {%- endif -%}
{%- endmacro %}
