{{ config(materialized='table', tags=['predictive']) }}
{#- Next quarter by week and by month: existing customers bottom-up (BTYD × Gamma-Gamma) plus the
    new-customer baseline, with an 80% interval. The interval adds the model's own variance to the
    backtest's relative revenue error (clv_backtest, model + baseline, store total) so it is honest
    about systematic misses such as seasonality. -#}
with weekly as (

    select * from {{ ref('clv_forecast_weekly') }}

),

backtest as (

    select coalesce(max(abs(revenue_pct_error)), 0) as error
    from {{ ref('clv_backtest') }}
    where scope = 'store_total' and method like '%+new_customer_baseline' and method not like 'past_rate%'

),

weeks as (

    select
        'week' as grain,
        week_start as period_start,
        week_number,
        existing_orders,
        existing_revenue,
        existing_revenue_variance,
        new_customer_orders,
        new_customer_revenue
    from weekly

),

months as (

    select
        'month' as grain,
        cast({{ date_trunc('month', 'week_start') }} as date) as period_start,
        min(week_number) as week_number,
        sum(existing_orders) as existing_orders,
        sum(existing_revenue) as existing_revenue,
        sum(existing_revenue_variance) as existing_revenue_variance,
        sum(new_customer_orders) as new_customer_orders,
        sum(new_customer_revenue) as new_customer_revenue
    from weekly
    group by 1, 2

),

periods as (

    select * from weeks
    union all
    select * from months

),

final as (

    select
        grain || ':' || cast(period_start as varchar) as forecast_id,
        grain,
        period_start,
        existing_orders,
        existing_revenue,
        new_customer_orders,
        new_customer_revenue,
        existing_orders + new_customer_orders as forecast_orders,
        existing_revenue + new_customer_revenue as forecast_revenue,
        sqrt(existing_revenue_variance + power(backtest.error * (existing_revenue + new_customer_revenue), 2)) as forecast_revenue_sd,
        backtest.error as backtest_revenue_abs_pct_error
    from periods
    cross join backtest

)

select
    forecast_id,
    grain,
    period_start,
    existing_orders,
    existing_revenue,
    new_customer_orders,
    new_customer_revenue,
    forecast_orders,
    forecast_revenue,
    greatest(0, forecast_revenue - 1.2816 * forecast_revenue_sd) as forecast_revenue_p10,
    forecast_revenue + 1.2816 * forecast_revenue_sd as forecast_revenue_p90,
    backtest_revenue_abs_pct_error
from final
