{#- One row per customer (every Shopify customer, buyers or not): historical value and behaviour. -#}
with customers as (

    -- every customer, including buyers the customers stream does not hold (see int_customers)
    select * from {{ ref('int_customers') }}

),

orders as (

    select * from {{ ref('int_orders') }}
    where is_revenue_order

),

acquisition as (

    select * from {{ ref('int_customer_acquisition') }}

),

analysis_date as (

    select * from {{ ref('int_analysis_date') }}

),

order_totals as (

    -- grouped by the integer key: a million orders hash 2–4× faster on it than on the gid
    select
        customer_key,
        count(*) as orders,
        min(processed_at) as first_order_at,
        max(processed_at) as last_order_at,
        max(order_date) as last_order_date,
        sum(units) as units,
        sum(gross_shop_amount) as gross_revenue_shop_amount,
        sum(discount_shop_amount) as discount_shop_amount,
        sum(refunded_shop_amount) as refunded_shop_amount,
        sum(net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(gross_margin_shop_amount) as gross_margin_shop_amount,
        count(gross_margin_shop_amount) as orders_with_known_cost,
        sum(case when refund_count > 0 then 1 else 0 end) as refunded_orders
    from orders
    group by customer_key

),

final as (

    select
        customers.customer_id,
        customers.email,
        customers.account_state,
        customers.country_code,
        customers.created_at,
        customers.is_deleted,
        order_totals.first_order_at,
        order_totals.last_order_at,
        acquisition.cohort_month,
        coalesce(order_totals.orders, 0) as orders,
        coalesce(order_totals.units, 0) as units,
        coalesce(order_totals.gross_revenue_shop_amount, 0) as gross_revenue_shop_amount,
        coalesce(order_totals.discount_shop_amount, 0) as discount_shop_amount,
        coalesce(order_totals.refunded_shop_amount, 0) as refunded_shop_amount,
        coalesce(order_totals.net_revenue_shop_amount, 0) as net_revenue_shop_amount,
        case when order_totals.orders = order_totals.orders_with_known_cost
            then order_totals.gross_margin_shop_amount
        end as gross_margin_shop_amount,
        cast({{ safe_divide('order_totals.net_revenue_shop_amount', 'order_totals.orders') }} as {{ money_type() }}) as average_order_value_shop_amount,
        case when order_totals.orders = order_totals.orders_with_known_cost
            then cast({{ safe_divide('order_totals.gross_margin_shop_amount', 'order_totals.orders') }} as {{ money_type() }})
        end as average_order_margin_shop_amount,
        {{ datediff('cast(order_totals.first_order_at as date)', 'analysis_date.as_of_date', 'day') }} as tenure_days,
        {{ datediff('order_totals.last_order_date', 'analysis_date.as_of_date', 'day') }} as days_since_last_order,
        -- orders per year of tenure; tenure floored at 30 days so a week-old customer is not "52 orders a year"
        {{ safe_divide('order_totals.orders * 365.0', 'greatest(' ~ datediff('cast(order_totals.first_order_at as date)', 'analysis_date.as_of_date', 'day') ~ ', 30)') }} as purchase_frequency_per_year,
        {{ safe_divide('cast(' ~ datediff('cast(order_totals.first_order_at as date)', 'order_totals.last_order_date', 'day') ~ ' as double)', 'order_totals.orders - 1') }} as average_days_between_orders,
        {{ safe_divide('order_totals.refunded_shop_amount', 'order_totals.gross_revenue_shop_amount - order_totals.discount_shop_amount') }} as refund_rate,
        coalesce(order_totals.refunded_orders, 0) as refunded_orders,
        acquisition.acquisition_channel,
        acquisition.acquisition_source_name,
        acquisition.acquisition_utm_source,
        acquisition.acquisition_utm_medium,
        acquisition.acquisition_utm_campaign,
        acquisition.acquisition_referrer_host,
        acquisition.acquisition_landing_page,
        acquisition.first_discount_code,
        acquisition.first_product_id,
        coalesce(order_totals.orders, 0) > 1 as is_repeat_customer,
        analysis_date.as_of_date
    from customers
    cross join analysis_date
    left join order_totals on customers.customer_key = order_totals.customer_key
    left join acquisition on customers.customer_key = acquisition.customer_key

)

select * from final
