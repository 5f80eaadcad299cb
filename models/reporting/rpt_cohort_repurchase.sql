{#- Reporting view over the cohort_repurchase mart for BI tools: `reporting.cohort_repurchase`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='cohort_repurchase') }}

with cohort_repurchase as (

    select * from {{ ref('cohort_repurchase') }}

),

final as (

    select
        cohort_repurchase_id,
        split_dimension,
        split_value,
        cohort_month,
        cohort_size,
        repurchased_within_30_days,
        repurchase_rate_30_days,
        repurchased_within_90_days,
        repurchase_rate_90_days,
        repurchased_within_180_days,
        repurchase_rate_180_days,
        repurchased_within_365_days,
        repurchase_rate_365_days
    from cohort_repurchase

)

select * from final
