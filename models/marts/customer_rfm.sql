{#- One row per customer with at least one revenue order before the as-of date (var `as_of_date`).
    Scores are NTILE(5) quintiles with the customer id as tiebreak (clv.md §8), so equal values can land
    in neighbouring scores; the segment comes from the `rfm_segments` seed on the recency-then-frequency
    cell, so the business can re-map cells without touching SQL. -#}
with customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

analysis_date as (

    select * from {{ ref('int_analysis_date') }}

),

segments as (

    select * from {{ ref('rfm_segments') }}

),

rfm_values as (

    select
        customer_orders.customer_id,
        max(analysis_date.as_of_date) as as_of_date,
        max(customer_orders.order_date) as last_order_date,
        {{ datediff('max(customer_orders.order_date)', 'max(analysis_date.as_of_date)', 'day') }} as recency_days,
        count(*) as frequency,
        sum(customer_orders.net_revenue_shop_amount) as monetary_shop_amount,
        cast(avg(customer_orders.net_revenue_shop_amount) as {{ money_type() }}) as monetary_average_shop_amount,
        case when count(customer_orders.gross_margin_shop_amount) = count(*)
            then sum(customer_orders.gross_margin_shop_amount)
        end as monetary_margin_shop_amount
    from customer_orders
    cross join analysis_date
    where customer_orders.order_date < analysis_date.as_of_date
    group by customer_orders.customer_id

),

scored as (

    select
        *,
        -- most recent buyers get 5: order by recency descending so the smallest gap lands in the top tile
        ntile(5) over (order by recency_days desc, customer_id) as recency_score,
        ntile(5) over (order by frequency, customer_id) as frequency_score,
        ntile(5) over (order by monetary_shop_amount, customer_id) as monetary_score
    from rfm_values

),

final as (

    select
        scored.customer_id,
        scored.as_of_date,
        scored.last_order_date,
        scored.recency_days,
        scored.frequency,
        scored.monetary_shop_amount,
        scored.monetary_average_shop_amount,
        scored.monetary_margin_shop_amount,
        scored.recency_score,
        scored.frequency_score,
        scored.monetary_score,
        cast(scored.recency_score as varchar) || cast(scored.frequency_score as varchar) as rf_cell,
        cast(scored.recency_score as varchar) || cast(scored.frequency_score as varchar)
            || cast(scored.monetary_score as varchar) as rfm_cell,
        scored.recency_score + scored.frequency_score + scored.monetary_score as rfm_score,
        coalesce(segments.segment, 'Unmapped') as segment
    from scored
    left join segments
        on scored.recency_score = segments.recency_score
        and scored.frequency_score = segments.frequency_score

)

select * from final
