{#- Reporting view over the marketing_performance mart for BI tools: `reporting.marketing_performance`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='marketing_performance') }}

with marketing_performance as (

    select * from {{ ref('marketing_performance') }}

),

final as (

    select
        marketing_performance_id,
        attribution_dimension,
        attribution_value,
        orders,
        customers,
        new_customers,
        net_revenue_shop_amount,
        gross_margin_shop_amount,
        discount_shop_amount,
        acquired_net_revenue_90_days_shop_amount,
        acquired_gross_margin_90_days_shop_amount,
        average_90_day_value_shop_amount,
        return_on_discount,
        margin_return_on_discount
    from marketing_performance

)

select * from final
