{#- One row per revenue order, placed in its customer's sequence: order number, first order, days since
    the previous order and months since the first one. -#}
with orders as (

    select * from {{ ref('int_orders') }}
    where is_revenue_order

),

sequenced as (

    select
        order_id,
        order_key,
        customer_id,
        customer_key,
        processed_at,
        order_date,
        -- one window spec (one sort of the orders) for all three; the first order's date is the earliest
        -- order date, since order_date is processed_at's date (no named WINDOW clause: Snowflake lacks it)
        -- integer keys, not gids, to partition and sort by (the tie-break on order_key is numeric: Shopify's
        -- creation order, where the text order of gids of different lengths was not)
        row_number() over (partition by customer_key order by processed_at, order_key) as customer_order_number,
        first_value(order_date) over (partition by customer_key order by processed_at, order_key) as first_order_date,
        lag(order_date) over (partition by customer_key order by processed_at, order_key) as previous_order_date,
        channel,
        first_discount_code,
        units,
        gross_shop_amount,
        discount_shop_amount,
        refunded_shop_amount,
        net_revenue_shop_amount,
        gross_margin_shop_amount
    from orders

),

final as (

    select
        order_id,
        order_key,
        customer_id,
        customer_key,
        processed_at,
        order_date,
        customer_order_number,
        customer_order_number = 1 as is_first_order,
        first_order_date,
        {{ date_trunc('month', 'first_order_date') }} as cohort_month,
        previous_order_date,
        {{ datediff('previous_order_date', 'order_date', 'day') }} as days_since_previous_order,
        {{ datediff('first_order_date', 'order_date', 'day') }} as days_since_first_order,
        {{ datediff('first_order_date', 'order_date', 'month') }} as months_since_first_order,
        channel,
        first_discount_code,
        units,
        gross_shop_amount,
        discount_shop_amount,
        refunded_shop_amount,
        net_revenue_shop_amount,
        gross_margin_shop_amount
    from sequenced

)

select * from final
