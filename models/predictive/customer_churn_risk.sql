{{ config(materialized='table', tags=['predictive']) }}
{#- Churn risk per customer with at least one order. Repeat buyers: churn probability = 1 − P(alive).
    One-time buyers get P(alive) = 1 from BG/NBD (clv.md §8), so their band comes from days since the
    order against var thresholds instead (risk_basis says which rule applied). -#}
with clv as (

    select * from {{ ref('customer_clv') }} where frequency is not null

),

scored as (

    select
        customer_id,
        as_of_date,
        frequency,
        p_alive,
        1 - p_alive as churn_probability,
        days_since_last_order,
        expected_days_between_orders,
        {{ safe_divide('days_since_last_order', 'expected_days_between_orders') }} as overdue_ratio,
        -- What this customer would spend in 12 months if still active: lost if they have churned.
        expected_aov * {{ safe_divide('expected_purchases_12m', 'p_alive') }} as revenue_if_active_12m,
        case when frequency > 0 or '{{ var("clv_model", "bgnbd") }}' != 'bgnbd' then 'p_alive' else 'days_since_first_order' end as risk_basis
    from clv

),

final as (

    select
        scored.*,
        case
            when risk_basis = 'p_alive' then
                case
                    when churn_probability >= {{ var('clv_churn_high', 0.6) }} then 'high'
                    when churn_probability >= {{ var('clv_churn_medium', 0.3) }} then 'medium'
                    else 'low'
                end
            when days_since_last_order >= {{ var('clv_one_time_high_days', 365) }} then 'high'
            when days_since_last_order >= {{ var('clv_one_time_medium_days', 180) }} then 'medium'
            else 'low'
        end as risk_band,
        churn_probability * revenue_if_active_12m as revenue_at_risk
    from scored

)

select * from final
