{{ config(materialized='incremental', unique_key='prediction_id', incremental_strategy='delete+insert', tags=['predictive']) }}
{#- Every run appends its per-customer predictions under their as-of date (a rerun for the same date
    replaces that date's rows), so past predictions can be audited against what happened later. -#}
select
    customer_id || '@' || cast(as_of_date as varchar) as prediction_id,
    customer_id,
    as_of_date,
    model,
    frequency,
    recency_days,
    tenure_days,
    p_alive,
    expected_purchases_90d,
    expected_purchases_12m,
    expected_aov,
    predicted_clv_12m,
    value_tier,
    prediction_quality,
    current_timestamp as predicted_at
from {{ ref('customer_clv') }}
where frequency is not null
