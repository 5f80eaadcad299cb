{{ config(materialized='table', tags=['predictive']) }}
{#- Net revenue by order week and acquisition week, both counted in whole weeks from the calibration end
    (week_offset -1 = the last week before as_of_date). The seasonal baselines read it: store revenue a
    year earlier, and revenue from customers who were new relative to an origin. -#}
with rfm as (

    select as_of_date from {{ ref('clv_customer_rfm') }} limit 1

),

orders as (

    select
        floor({{ datediff('rfm.as_of_date', 'o.order_date', 'day') }} / 7.0) as week_offset,
        floor({{ datediff('rfm.as_of_date', 'o.first_order_date', 'day') }} / 7.0) as cohort_week_offset,
        o.net_revenue_shop_amount as revenue
    from {{ ref('int_customer_orders') }} as o
    cross join rfm
    where o.order_date < rfm.as_of_date

)

select
    cast(week_offset as integer) as week_offset,
    cast(cohort_week_offset as integer) as cohort_week_offset,
    count(*) as orders,
    cast(sum(revenue) as double) as revenue
from orders
group by 1, 2
