{#- Reporting view over the cohort_ltv mart for BI tools: `reporting.cohort_ltv`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='cohort_ltv') }}

with cohort_ltv as (

    select * from {{ ref('cohort_ltv') }}

),

final as (

    select
        cohort_ltv_id,
        split_dimension,
        split_value,
        cohort_month,
        months_since_first_order,
        cohort_size,
        active_customers,
        net_revenue_shop_amount,
        gross_margin_shop_amount,
        cumulative_net_revenue_per_customer,
        cumulative_gross_margin_per_customer
    from cohort_ltv

)

select * from final
