{#- One row per revenue order, placed in its customer's sequence: order number, first order, days and months
    since the first one, and the order's net revenue and margin. Deliberately narrow (as int_order_lines):
    every mart reads it, so each column is written once but read many times; text, gids other than the
    customer's and the order's other money stay in int_orders / staging, joined on order_key where needed. -#}
with orders as (

    select
        order_key,
        customer_key,
        processed_at,
        order_date,
        net_revenue_shop_amount,
        gross_margin_shop_amount
    from {{ ref('int_orders') }}
    where is_revenue_order

),

customers as (

    -- the customer gid (models/predictive reads it) from the per-customer table: int_orders keeps only the key
    select customer_key, customer_id
    from {{ ref('int_customers') }}

),

sequenced as (

    select
        order_key,
        customer_key,
        order_date,
        -- one window spec (one sort of the orders) for both; the first order's date is the earliest
        -- order date, since order_date is processed_at's date (no named WINDOW clause: Snowflake lacks it)
        -- integer keys, not gids, to partition and sort by (the tie-break on order_key is numeric: Shopify's
        -- creation order, where the text order of gids of different lengths was not)
        row_number() over (partition by customer_key order by processed_at, order_key) as customer_order_number,
        first_value(order_date) over (partition by customer_key order by processed_at, order_key) as first_order_date,
        net_revenue_shop_amount,
        gross_margin_shop_amount
    from orders

),

final as (

    select
        sequenced.order_key,
        customers.customer_id,
        sequenced.customer_key,
        sequenced.order_date,
        sequenced.customer_order_number,
        sequenced.customer_order_number = 1 as is_first_order,
        sequenced.first_order_date,
        {{ date_trunc('month', 'sequenced.first_order_date') }} as cohort_month,
        {{ datediff('sequenced.first_order_date', 'sequenced.order_date', 'day') }} as days_since_first_order,
        {{ datediff('sequenced.first_order_date', 'sequenced.order_date', 'month') }} as months_since_first_order,
        sequenced.net_revenue_shop_amount,
        sequenced.gross_margin_shop_amount
    from sequenced
    left join customers on sequenced.customer_key = customers.customer_key

)

select * from final
