{#- Reporting view over the cohort_retention mart for BI tools: `reporting.cohort_retention`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='cohort_retention') }}

with cohort_retention as (

    select * from {{ ref('cohort_retention') }}

),

final as (

    select
        cohort_month,
        months_since_first_order,
        period_month,
        cohort_size,
        active_customers,
        retention_rate,
        orders,
        net_revenue_shop_amount,
        gross_margin_shop_amount,
        revenue_retention_rate,
        cumulative_net_revenue_per_customer,
        cumulative_gross_margin_per_customer,
        is_partial_period
    from cohort_retention

)

select * from final
