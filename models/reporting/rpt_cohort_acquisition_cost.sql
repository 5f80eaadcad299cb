{#- Reporting view over the cohort_acquisition_cost mart for BI tools: `reporting.cohort_acquisition_cost`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='cohort_acquisition_cost') }}

with cohort_acquisition_cost as (

    select * from {{ ref('cohort_acquisition_cost') }}

),

final as (

    select
        cohort_acquisition_cost_id,
        cohort_month,
        acquisition_channel,
        new_customers,
        spend_shop_amount,
        cac_shop_amount,
        ltv_net_revenue_shop_amount,
        ltv_gross_margin_shop_amount,
        ltv_to_cac,
        margin_ltv_to_cac,
        payback_months,
        revenue_payback_months
    from cohort_acquisition_cost

)

select * from final
