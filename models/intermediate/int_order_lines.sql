{#- One row per order line: money after discounts, edits and returns, and cost, keyed by integer keys
    (macros/cross_db/gid_key.sql). Gift-card lines are kept (flagged) but carry no revenue: a gift card is a
    liability when sold and becomes revenue when redeemed on a later order.
    Deliberately narrow: no gids and no product text. Writing this 1.6M-row table was most of a build's
    cost, ~2 CPU-s of it four gid columns and ~2 five copied product strings; the marts that show products
    read their titles from staging, per product, not per line. -#}
{#- on_schema_change 'fail': a table built before the integer keys has no order_line_key to merge on; the
    build then says to rebuild it with --full-refresh instead of failing on a missing column. -#}
{{ config(materialized='incremental', unique_key='order_line_key', on_schema_change='fail') }}

with order_lines as (

    select * from {{ ref('stg_shopify__order_lines') }}

),

refund_lines as (

    select * from {{ ref('stg_shopify__refund_lines') }}

),

variants as (

    select * from {{ ref('stg_shopify__product_variants') }}

),

{#- Only an incremental run narrows the rows to changed orders; a full refresh reads everything without
    building (and semi-joining against) a distinct list of every order id. -#}
{%- if is_incremental() %}
changed_orders as (

    -- a line is rebuilt whenever the line or any refund of its order was (re)synced in the window
    select order_key from order_lines where {{ incremental_window('synced_at') }}
    union
    select order_key from refund_lines where {{ incremental_window('synced_at') }}

),
{%- endif %}

lines_in_scope as (

    select order_lines.*
    from order_lines
    {%- if is_incremental() %}
    inner join changed_orders on order_lines.order_key = changed_orders.order_key
    {%- endif %}
    where not order_lines.is_deleted

),

returns_per_line as (

    select
        order_line_key,
        sum(quantity) as refunded_quantity,
        sum(subtotal_shop_amount) as refunded_shop_amount,
        sum(subtotal_presentment_amount) as refunded_presentment_amount,
        max(synced_at) as synced_at
    from refund_lines
    where not is_deleted
        {%- if is_incremental() %}
        and order_key in (select order_key from changed_orders)
        {%- endif %}
    group by order_line_key

),

joined as (

    select
        lines_in_scope.order_line_key,
        lines_in_scope.order_key,
        lines_in_scope.product_key,
        lines_in_scope.variant_key,
        lines_in_scope.is_gift_card,
        lines_in_scope.quantity,
        coalesce(returns_per_line.refunded_quantity, 0) as refunded_quantity,
        -- units an order edit removed before fulfillment: ordered − still on the order − returned
        greatest(lines_in_scope.quantity - lines_in_scope.current_quantity - coalesce(returns_per_line.refunded_quantity, 0), 0) as edited_out_quantity,
        lines_in_scope.discount_shop_amount as line_discount_shop_amount,
        lines_in_scope.unit_price_shop_amount,
        variants.unit_cost_shop_amount,
        case when lines_in_scope.is_gift_card then 0
            else lines_in_scope.unit_price_shop_amount * lines_in_scope.quantity
        end as gross_shop_amount,
        case when lines_in_scope.is_gift_card then 0
            else lines_in_scope.discount_shop_amount
        end as discount_shop_amount,
        case when lines_in_scope.is_gift_card then 0
            else coalesce(returns_per_line.refunded_shop_amount, 0)
        end as refunded_shop_amount,
        case when lines_in_scope.is_gift_card then 0
            else lines_in_scope.unit_price_presentment_amount * lines_in_scope.quantity - lines_in_scope.discount_presentment_amount
        end as net_sales_presentment_before_edits,
        case when lines_in_scope.is_gift_card then 0
            else coalesce(returns_per_line.refunded_presentment_amount, 0)
        end as refunded_presentment_amount,
        case when lines_in_scope.is_gift_card
            then lines_in_scope.unit_price_shop_amount * lines_in_scope.quantity - lines_in_scope.discount_shop_amount
            else 0
        end as gift_card_sold_shop_amount,
        greatest(lines_in_scope.synced_at, coalesce(returns_per_line.synced_at, lines_in_scope.synced_at)) as synced_at
    from lines_in_scope
    left join returns_per_line on lines_in_scope.order_line_key = returns_per_line.order_line_key
    left join variants on lines_in_scope.variant_key = variants.variant_key

),

with_edits as (

    select
        *,
        -- an edited-out unit is worth the line's discounted unit price (what Shopify removes from the subtotal).
        -- A line can hold 0 units (real order edits leave such lines): safe_divide keeps that from dividing
        -- by zero (NaN on DuckDB, an error on Snowflake). decimal / integer is a double on DuckDB, so the unit
        -- price is cast back to money before multiplying, or sums would depend on row order (an incremental
        -- merge and a full refresh would then disagree in the last float bits).
        case when is_gift_card or edited_out_quantity = 0 then cast(0 as {{ money_type() }})
            else cast(round({{ safe_divide('gross_shop_amount - discount_shop_amount', 'quantity') }}, 2) as {{ money_type() }}) * edited_out_quantity
        end as edited_out_shop_amount,
        case when is_gift_card or edited_out_quantity = 0 then cast(0 as {{ money_type() }})
            else cast(round({{ safe_divide('net_sales_presentment_before_edits', 'quantity') }}, 2) as {{ money_type() }}) * edited_out_quantity
        end as edited_out_presentment_amount
    from joined

),

final as (

    -- money back to decimal(18,2) and counts to integer: sums and differences widen to decimal(38) / hugeint,
    -- which DuckDB stores as 128-bit values that are several times slower to write and to scan downstream
    select
        order_line_key,
        order_key,
        product_key,
        variant_key,
        is_gift_card,
        quantity,
        cast(refunded_quantity as integer) as refunded_quantity,
        cast(edited_out_quantity as integer) as edited_out_quantity,
        cast(quantity - edited_out_quantity - refunded_quantity as integer) as net_quantity,
        unit_price_shop_amount,
        unit_cost_shop_amount,
        gross_shop_amount,
        discount_shop_amount,
        cast(edited_out_shop_amount as {{ money_type() }}) as edited_out_shop_amount,
        cast(gross_shop_amount - discount_shop_amount - edited_out_shop_amount as {{ money_type() }}) as net_sales_shop_amount,
        cast(refunded_shop_amount as {{ money_type() }}) as refunded_shop_amount,
        cast(gross_shop_amount - discount_shop_amount - edited_out_shop_amount - refunded_shop_amount as {{ money_type() }}) as net_revenue_shop_amount,
        cast(net_sales_presentment_before_edits - edited_out_presentment_amount - refunded_presentment_amount as {{ money_type() }}) as net_revenue_presentment_amount,
        gift_card_sold_shop_amount,
        case when is_gift_card then 0
            else cast(unit_cost_shop_amount * (quantity - edited_out_quantity - refunded_quantity) as {{ money_type() }})
        end as cost_shop_amount,
        cast(case when is_gift_card then 0
            else gross_shop_amount - discount_shop_amount - edited_out_shop_amount - refunded_shop_amount
                - cast(unit_cost_shop_amount * (quantity - edited_out_quantity - refunded_quantity) as {{ money_type() }})
        end as {{ money_type() }}) as gross_margin_shop_amount,
        not is_gift_card and unit_cost_shop_amount is null as is_cost_unknown,
        synced_at
    from with_edits

)

select * from final
