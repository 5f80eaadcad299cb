{{ config(materialized='table', tags=['predictive']) }}
{#- One row per customer: BTYD inputs, the selected purchase model's scores (joined back from the grouped
    tuples), Gamma-Gamma expected order value, discounted 12-month CLV with P10–P90 ranges, value tier,
    expected next order and a prediction_quality flag instead of dropping customers. -#}
with rfm as (

    select * from {{ ref('clv_customer_rfm') }}

),

customers as (

    select customer_id from {{ ref('customers') }}

),

scores as (

    select * from {{ ref('clv_tuple_scores') }}

),

spend as (

    select p, q, gamma from {{ ref('clv_model_fit') }} where role = 'spend'

),

purchase_fit as (

    select model, store_has_enough_data, as_of_date from {{ ref('clv_model_fit') }} where role = 'purchase' and is_selected

),

joined as (

    select
        coalesce(c.customer_id, rfm.customer_id) as customer_id,
        f.as_of_date,
        f.model,
        f.store_has_enough_data,
        rfm.first_order_date,
        rfm.last_order_date,
        coalesce(rfm.orders, 0) as orders,
        coalesce(rfm.revenue, 0) as historical_revenue,
        rfm.x as frequency,
        rfm.t_x_days as recency_days,
        rfm.t_days as tenure_days,
        {{ datediff('rfm.last_order_date', 'f.as_of_date', 'day') }} as days_since_last_order,
        s.p_alive,
        s.expected_purchases_90d,
        s.expected_purchases_12m,
        s.discounted_purchases_12m,
        s.purchases_12m_p10,
        s.purchases_12m_p50,
        s.purchases_12m_p90,
        s.expected_days_between_orders,
        case
            when rfm.x is null then null
            when rfm.x > 0 and rfm.mbar > 0 then sp.p * (sp.gamma + rfm.x * rfm.mbar) / (sp.p * rfm.x + sp.q - 1)
            else sp.p * sp.gamma / (sp.q - 1)
        end as expected_aov
    -- every customer of the mart plus any buyer it lacks: one full join on the gid, instead of a union
    -- of both id lists (a distinct over ~200k strings) and a left join back to rfm
    from customers as c
    full outer join rfm on rfm.customer_id = c.customer_id
    cross join purchase_fit as f
    cross join spend as sp
    left join scores as s
        on s.x = rfm.x and s.t_x_days = rfm.t_x_days and s.t_days = rfm.t_days

),

valued as (

    select
        joined.*,
        expected_aov * discounted_purchases_12m as predicted_clv_12m,
        {{ safe_divide('discounted_purchases_12m', 'expected_purchases_12m') }} as discount_factor
    from joined

),

tier_thresholds as (

    -- The smallest predicted CLV ranked in the top 20 % / top 50 % among customers with a prediction:
    -- percent_rank grows with the value (ties share it), so comparing each customer with these two
    -- thresholds gives the same tier as ranking every row, without a window over all ~27 columns.
    select
        min(case when value_rank >= 0.8 then predicted_clv_12m end) as high_from,
        min(case when value_rank >= 0.5 then predicted_clv_12m end) as medium_from
    from (
        select
            predicted_clv_12m,
            percent_rank() over (order by predicted_clv_12m) as value_rank
        from valued
        where predicted_clv_12m is not null
    ) as ranked

),

final as (

    select
        customer_id,
        as_of_date,
        model,
        frequency,
        recency_days,
        tenure_days,
        orders,
        historical_revenue,
        first_order_date,
        last_order_date,
        days_since_last_order,
        p_alive,
        expected_purchases_90d,
        expected_purchases_12m,
        purchases_12m_p10,
        purchases_12m_p50,
        purchases_12m_p90,
        expected_aov,
        predicted_clv_12m,
        purchases_12m_p10 * expected_aov * coalesce(discount_factor, 1) as predicted_clv_12m_p10,
        purchases_12m_p50 * expected_aov * coalesce(discount_factor, 1) as predicted_clv_12m_p50,
        purchases_12m_p90 * expected_aov * coalesce(discount_factor, 1) as predicted_clv_12m_p90,
        expected_days_between_orders,
        case when last_order_date is not null then
            greatest(as_of_date, cast({{ dateadd('day', 'cast(round(expected_days_between_orders) as integer)', 'last_order_date') }} as date))
        end as expected_next_order_date,
        -- Ranked among customers with a prediction only: sign-ups who never ordered would otherwise sit
        -- at the top of the ranking (nulls sort last) and push real buyers out of 'high'.
        case
            when predicted_clv_12m is null then 'none'
            when predicted_clv_12m >= tier_thresholds.high_from then 'high'
            when predicted_clv_12m >= tier_thresholds.medium_from then 'medium'
            else 'low'
        end as value_tier,
        case
            when frequency is null then 'no orders'
            when not store_has_enough_data then 'store has too little data'
            when tenure_days < {{ var('clv_min_history_days', 30) }} then 'too little history'
            when frequency = 0 then 'single purchase'
            else 'ok'
        end as prediction_quality,
        store_has_enough_data
    from valued
    cross join tier_thresholds

)

select * from final
