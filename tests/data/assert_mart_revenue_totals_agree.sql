-- Every mart that reports net revenue over all customers and all time reports the same total, and the
-- same number of revenue orders: a join fan-out or a dropped row in any of them shows up here.
with totals as (

    select 'int_orders' as source_model, sum(net_revenue_shop_amount) as net_revenue, count(*) as orders
    from {{ ref('int_orders') }} where is_revenue_order
    union all
    select 'int_revenue_ledger', sum(net_revenue_shop_amount), sum(orders) from {{ ref('int_revenue_ledger') }}
    union all
    select 'customers', sum(net_revenue_shop_amount), sum(orders) from {{ ref('customers') }}
    union all
    select 'cohort_retention', sum(net_revenue_shop_amount), sum(orders) from {{ ref('cohort_retention') }}
    union all
    select 'seasonality', sum(net_revenue_shop_amount), sum(orders) from {{ ref('seasonality') }} where period_grain = 'month'
    union all
    select 'cohort_ltv', sum(net_revenue_shop_amount), null from {{ ref('cohort_ltv') }} where split_dimension = 'all'
    {%- for dimension in ['channel', 'utm_source', 'discount_code', 'landing_page'] %}
    union all
    select 'marketing_performance:{{ dimension }}', sum(net_revenue_shop_amount), sum(orders)
    from {{ ref('marketing_performance') }} where attribution_dimension = '{{ dimension }}'
    {%- endfor %}
    union all
    select 'product_performance', sum(net_revenue_shop_amount), null from {{ ref('product_performance') }}

),

reference as (

    select net_revenue, orders from totals where source_model = 'int_orders'

)

select totals.*
from totals
cross join reference
where abs(coalesce(totals.net_revenue, 0) - coalesce(reference.net_revenue, 0)) > 0.005
    or (totals.orders is not null and totals.orders <> reference.orders)
