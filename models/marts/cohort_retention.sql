{#- One row per cohort (month of first order) × months since first order, from the acquisition month
    up to the as-of month, including periods in which nobody ordered. Refunds are attributed to the
    order they belong to. -#}
with customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

analysis_date as (

    select * from {{ ref('int_analysis_date') }}

),

spine as (

    {{ integer_spine(var('cohort_max_months', 240)) }}

),

cohorts as (

    select
        cohort_month,
        count(distinct customer_key) as cohort_size
    from customer_orders
    group by cohort_month

),

periods as (

    select
        cohorts.cohort_month,
        cohorts.cohort_size,
        spine.n as months_since_first_order,
        cast({{ dateadd('month', 'spine.n', 'cohorts.cohort_month') }} as date) as period_month,
        {{ date_trunc('month', 'analysis_date.as_of_date') }} as as_of_month
    from cohorts
    cross join spine
    cross join analysis_date
    where spine.n <= {{ datediff('cohorts.cohort_month', 'analysis_date.as_of_date', 'month') }}

),

activity as (

    select
        cohort_month,
        months_since_first_order,
        count(distinct customer_key) as active_customers,
        count(*) as orders,
        sum(net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(gross_margin_shop_amount) as gross_margin_shop_amount
    from customer_orders
    group by cohort_month, months_since_first_order

),

joined as (

    select
        periods.cohort_month,
        periods.months_since_first_order,
        periods.period_month,
        periods.cohort_size,
        coalesce(activity.active_customers, 0) as active_customers,
        coalesce(activity.orders, 0) as orders,
        coalesce(activity.net_revenue_shop_amount, 0) as net_revenue_shop_amount,
        coalesce(activity.gross_margin_shop_amount, 0) as gross_margin_shop_amount,
        periods.period_month = periods.as_of_month as is_partial_period
    from periods
    left join activity
        on periods.cohort_month = activity.cohort_month
        and periods.months_since_first_order = activity.months_since_first_order

),

final as (

    select
        cohort_month,
        months_since_first_order,
        period_month,
        cohort_size,
        active_customers,
        {{ safe_divide('cast(active_customers as double)', 'cohort_size') }} as retention_rate,
        orders,
        net_revenue_shop_amount,
        gross_margin_shop_amount,
        {{ safe_divide('net_revenue_shop_amount', 'first_value(net_revenue_shop_amount) over (partition by cohort_month order by months_since_first_order)') }} as revenue_retention_rate,
        {{ safe_divide('sum(net_revenue_shop_amount) over (partition by cohort_month order by months_since_first_order rows between unbounded preceding and current row)', 'cohort_size') }} as cumulative_net_revenue_per_customer,
        {{ safe_divide('sum(gross_margin_shop_amount) over (partition by cohort_month order by months_since_first_order rows between unbounded preceding and current row)', 'cohort_size') }} as cumulative_gross_margin_per_customer,
        is_partial_period
    from joined

)

select * from final
