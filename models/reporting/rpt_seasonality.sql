{#- Reporting view over the seasonality mart for BI tools: `reporting.seasonality`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='seasonality') }}

with seasonality as (

    select * from {{ ref('seasonality') }}

),

final as (

    select
        seasonality_id,
        period_grain,
        period_start,
        iso_year,
        iso_week,
        month_of_year,
        iso_day_of_week,
        orders,
        new_customers,
        gross_revenue_shop_amount,
        discount_shop_amount,
        refunded_shop_amount,
        net_revenue_shop_amount,
        gross_margin_shop_amount,
        day_of_week_index,
        month_of_year_index,
        prior_year_net_revenue_shop_amount,
        net_revenue_yoy_growth,
        orders_yoy_growth
    from seasonality

)

select * from final
