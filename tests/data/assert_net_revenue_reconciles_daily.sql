-- Money is neither lost nor doubled between staging and the marts, on any day: for every date, the
-- seasonality mart's daily net revenue equals the sales of revenue orders that day minus the returns
-- refunded that day, recomputed here straight from staging (joined on the integer keys staging derives from
-- the gids, as the models are). Returns the days that disagree.
with orders as (

    select * from {{ ref('stg_shopify__orders') }}

),

order_lines as (

    select * from {{ ref('stg_shopify__order_lines') }}

),

refund_lines as (

    select * from {{ ref('stg_shopify__refund_lines') }}

),

refunds as (

    select * from {{ ref('stg_shopify__refunds') }}

),

seasonality as (

    select * from {{ ref('seasonality') }}
    where period_grain = 'day'

),

revenue_orders as (

    select order_key, cast(processed_at as date) as order_date
    from orders
    where not is_test and not is_cancelled and not is_deleted and customer_id is not null

),

returned_per_line as (

    select order_line_key, sum(quantity) as refunded_quantity
    from refund_lines
    where not is_deleted
    group by order_line_key

),

sales as (

    select
        revenue_orders.order_date as day,
        sum(
            order_lines.unit_price_shop_amount * order_lines.quantity
            - order_lines.discount_shop_amount
            -- a line can hold 0 units (it then has no edited-out units either): no division by zero
            - coalesce(round({{ safe_divide('order_lines.unit_price_shop_amount * order_lines.quantity - order_lines.discount_shop_amount', 'order_lines.quantity') }}, 2), 0)
                * greatest(order_lines.quantity - order_lines.current_quantity - coalesce(returned_per_line.refunded_quantity, 0), 0)
        ) as amount
    from order_lines
    inner join revenue_orders on order_lines.order_key = revenue_orders.order_key
    left join returned_per_line on order_lines.order_line_key = returned_per_line.order_line_key
    where not order_lines.is_gift_card and not order_lines.is_deleted
    group by 1

),

returns as (

    select
        cast(refunds.created_at as date) as day,
        sum(refund_lines.subtotal_shop_amount) as amount
    from refund_lines
    inner join refunds on refund_lines.refund_key = refunds.refund_key
    inner join revenue_orders on refund_lines.order_key = revenue_orders.order_key
    inner join order_lines on refund_lines.order_line_key = order_lines.order_line_key
    where not refund_lines.is_deleted and not refunds.is_deleted and not order_lines.is_gift_card
    group by 1

),

expected as (

    select
        coalesce(sales.day, returns.day) as day,
        coalesce(sales.amount, 0) - coalesce(returns.amount, 0) as net_revenue
    from sales
    full outer join returns on sales.day = returns.day

),

compared as (

    select
        coalesce(expected.day, seasonality.period_start) as day,
        coalesce(expected.net_revenue, 0) as expected_net_revenue,
        coalesce(seasonality.net_revenue_shop_amount, 0) as mart_net_revenue
    from expected
    full outer join seasonality on expected.day = seasonality.period_start

)

select *
from compared
where abs(expected_net_revenue - mart_net_revenue) > 0.005
