{{ config(materialized='table', tags=['predictive']) }}
{#- Per customer BTYD inputs (clv.md §1) at the calibration end `as_of_date` (var clv_as_of_date, else the
    project's analysis date): purchase days (same-day orders merged), x = purchase days − 1, t_x and T in
    days, m̄ = mean net revenue of the repeat purchase days. The backtest columns (bt_*) repeat the same
    at as_of − clv_backtest_weeks weeks, with what each customer actually did in the held-out window. -#}
with analysis_date as (

    select
        {%- if var('clv_as_of_date', none) %}
        cast('{{ var("clv_as_of_date") }}' as date) as as_of_date
        {%- else %}
        as_of_date
        {%- endif %}
    from {{ ref('int_analysis_date') }}

),

customers as (

    -- the gid of each customer_key, joined once per customer
    select customer_key, customer_id from {{ ref('int_customers') }}

),

windows as (

    select
        as_of_date,
        cast({{ dateadd('day', -7 * var('clv_backtest_weeks', 13), 'as_of_date') }} as date) as backtest_as_of_date
    from analysis_date

),

purchase_days as (

    -- a customer's first purchase day is their first order's date, which int_customer_orders carries on
    -- every order: no window numbering the days, a repeat purchase day is any day after that first one.
    -- Grouped on the integer customer_key: hashing ~900k (customer, day) groups on the varchar gid cost
    -- about twice as much; the gid is joined once per customer at the end.
    select
        o.customer_key,
        o.order_date,
        min(o.first_order_date) as first_purchase_date,
        count(*) as orders,
        sum(o.net_revenue_shop_amount) as revenue
    from {{ ref('int_customer_orders') }} as o
    cross join windows as w
    where o.order_date < w.as_of_date and o.customer_key is not null
    group by 1, 2

),

with_windows as (

    select
        purchase_days.*,
        windows.as_of_date,
        windows.backtest_as_of_date,
        purchase_days.order_date > purchase_days.first_purchase_date as is_repeat_day
    from purchase_days
    cross join windows

),

per_customer as (

    select
        customer_key,
        max(as_of_date) as as_of_date,
        min(first_purchase_date) as first_order_date,
        max(order_date) as last_order_date,
        sum(orders) as orders,
        cast(sum(revenue) as double) as revenue,
        count(*) - 1 as x,
        {{ datediff('min(first_purchase_date)', 'max(order_date)', 'day') }} as t_x_days,
        {{ datediff('min(first_purchase_date)', 'max(as_of_date)', 'day') }} as t_days,
        coalesce(cast(avg(case when is_repeat_day then revenue end) as double), 0) as mbar,
        max(backtest_as_of_date) as backtest_as_of_date,
        -- backtest calibration: purchase days before backtest_as_of_date
        sum(case when order_date < backtest_as_of_date then 1 else 0 end) - 1 as bt_x,
        {{ datediff('min(first_purchase_date)', 'max(case when order_date < backtest_as_of_date then order_date end)', 'day') }} as bt_t_x_days,
        {{ datediff('min(first_purchase_date)', 'max(backtest_as_of_date)', 'day') }} as bt_t_days,
        coalesce(cast(avg(case when order_date < backtest_as_of_date and is_repeat_day then revenue end) as double), 0) as bt_mbar,
        -- what actually happened in the held-out window [backtest_as_of_date, as_of_date)
        sum(case when order_date >= backtest_as_of_date then 1 else 0 end) as holdout_purchase_days,
        cast(coalesce(sum(case when order_date >= backtest_as_of_date then revenue end), 0) as double) as holdout_revenue
    from with_windows
    group by customer_key

),

final as (

    select
        customers.customer_id,
        per_customer.as_of_date,
        per_customer.first_order_date,
        per_customer.last_order_date,
        per_customer.orders,
        per_customer.revenue,
        per_customer.x,
        per_customer.t_x_days,
        per_customer.t_days,
        per_customer.mbar,
        per_customer.backtest_as_of_date,
        per_customer.bt_x,
        per_customer.bt_t_x_days,
        per_customer.bt_t_days,
        per_customer.bt_mbar,
        per_customer.holdout_purchase_days,
        per_customer.holdout_revenue
    from per_customer
    left join customers on customers.customer_key = per_customer.customer_key

)

select * from final
