{#- One row per refund, dated when it happened. `returned_shop_amount` is the merchandise value returned
    (refund line subtotals after discounts, excluding tax, gift-card lines excluded): the figure that
    net revenue subtracts. `total_refunded_shop_amount` is the cash Shopify sent back (incl. tax and
    shipping), kept for cash reporting only. -#}
with refunds as (

    select * from {{ ref('stg_shopify__refunds') }}

),

refund_lines as (

    select * from {{ ref('stg_shopify__refund_lines') }}

),

order_lines as (

    select order_line_key, is_gift_card, unit_cost_shop_amount, is_cost_unknown
    from {{ ref('int_order_lines') }}

),

returned as (

    select
        refund_lines.refund_key,
        sum(refund_lines.quantity) as returned_quantity,
        sum(case when order_lines.is_gift_card then 0 else refund_lines.subtotal_shop_amount end) as returned_shop_amount,
        sum(case when order_lines.is_gift_card then 0 else refund_lines.subtotal_presentment_amount end) as returned_presentment_amount,
        sum(case when order_lines.is_gift_card then 0
            else cast(order_lines.unit_cost_shop_amount * refund_lines.quantity as {{ money_type() }})
        end) as returned_cost_shop_amount,
        max(case when order_lines.is_cost_unknown then 1 else 0 end) = 1 as is_cost_unknown
    from refund_lines
    left join order_lines on refund_lines.order_line_key = order_lines.order_line_key
    where not refund_lines.is_deleted
    group by refund_lines.refund_key

),

final as (

    -- sums cast back to money / integer: DuckDB would store them as slower 128-bit decimal(38) / hugeint
    select
        refunds.refund_id,
        refunds.refund_key,
        refunds.order_id,
        refunds.order_key,
        refunds.created_at as refunded_at,
        cast(refunds.created_at as date) as refund_date,
        cast(coalesce(returned.returned_quantity, 0) as integer) as returned_quantity,
        cast(coalesce(returned.returned_shop_amount, 0) as {{ money_type() }}) as returned_shop_amount,
        cast(coalesce(returned.returned_presentment_amount, 0) as {{ money_type() }}) as returned_presentment_amount,
        cast(coalesce(returned.returned_cost_shop_amount, 0) as {{ money_type() }}) as returned_cost_shop_amount,
        coalesce(returned.is_cost_unknown, false) as is_cost_unknown,
        refunds.total_refunded_shop_amount,
        refunds.total_refunded_presentment_amount
    from refunds
    left join returned on refunds.refund_key = returned.refund_key
    where not refunds.is_deleted

)

select * from final
