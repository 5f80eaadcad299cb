{#- One row per split (as in cohort_ltv) × split value × cohort month: the share of the cohort that placed
    a second revenue order within 30 / 90 / 180 / 365 days of the first. A rate is null until every
    customer of the cohort has had the full window (cohort month end + window ≤ as-of date). -#}
{%- set windows = [30, 90, 180, 365] -%}
{%- set splits = {
    'all': "'all'",
    'first_product': 'acquisition.first_product_id',
    'first_discount_code': 'acquisition.first_discount_code',
    'first_channel': 'acquisition.acquisition_channel'
} -%}

with customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

acquisition as (

    select * from {{ ref('int_customer_acquisition') }}

),

analysis_date as (

    select * from {{ ref('int_analysis_date') }}

),

second_orders as (

    select
        customer_key,
        min(days_since_first_order) as days_to_second_order
    from customer_orders
    where customer_order_number = 2
    group by customer_key

),

customer_splits as (

    -- one row per customer with each split's value side by side, grouped below by every split at once
    -- (grouping sets) rather than unioned into one row per customer and split first
    select
        acquisition.customer_key,
        acquisition.cohort_month
        {%- for split, expression in splits.items() %}{% if split != 'all' %},
        coalesce(cast({{ expression }} as varchar), '(none)') as {{ split }}_value
        {%- endif %}{% endfor %}
    from acquisition

),

aggregated as (

    select
        {{ split_columns(splits) }},
        customer_splits.cohort_month,
        count(*) as cohort_size,
        {%- for days in windows %}
        sum(case when second_orders.days_to_second_order <= {{ days }} then 1 else 0 end) as repurchased_within_{{ days }}_days,
        {%- endfor %}
        max(analysis_date.as_of_date) as as_of_date
    from customer_splits
    cross join analysis_date
    left join second_orders on customer_splits.customer_key = second_orders.customer_key
    group by grouping sets (
        (customer_splits.cohort_month)
        {%- for split, expression in splits.items() %}{% if split != 'all' %},
        (customer_splits.cohort_month, {{ split }}_value)
        {%- endif %}{% endfor %}
    )

),

final as (

    select
        {{ surrogate_key(['split_dimension', 'split_value', 'cohort_month']) }} as cohort_repurchase_id,
        split_dimension,
        split_value,
        cohort_month,
        cohort_size,
        {%- for days in windows %}
        repurchased_within_{{ days }}_days,
        case when cast({{ dateadd('day', days, dateadd('month', 1, 'cohort_month')) }} as date) <= as_of_date
            then {{ safe_divide('cast(repurchased_within_' ~ days ~ '_days as double)', 'cohort_size') }}
        end as repurchase_rate_{{ days }}_days{% if not loop.last %},{% endif %}
        {%- endfor %}
    from aggregated

)

select * from final
