{#- One row per split (`all`, `first_product`, `first_discount_code`, `first_channel`) × split value ×
    cohort month × months since first order: the cohort's value curve. Customers are assigned to a split
    value by their first order (int_customer_acquisition); a missing value is '(none)'. -#}
{%- set splits = {
    'all': "'all'",
    'first_product': 'acquisition.first_product_id',
    'first_discount_code': 'acquisition.first_discount_code',
    'first_channel': 'acquisition.acquisition_channel'
} -%}

with customer_orders as (

    select
        customer_key,
        months_since_first_order,
        net_revenue_shop_amount,
        gross_margin_shop_amount
    from {{ ref('int_customer_orders') }}

),

acquisition as (

    select * from {{ ref('int_customer_acquisition') }}

),

analysis_date as (

    select * from {{ ref('int_analysis_date') }}

),

spine as (

    {{ integer_spine(var('cohort_max_months', 240)) }}

),

customer_splits as (

    -- one row per customer with each split's value side by side; the aggregates below group it by every split
    -- at once (grouping sets) instead of fanning each customer (and each of their active months) out to one
    -- row per split first
    select
        acquisition.customer_key,
        acquisition.cohort_month
        {%- for split, expression in splits.items() %}{% if split != 'all' %},
        coalesce(cast({{ expression }} as varchar), '(none)') as {{ split }}_value
        {%- endif %}{% endfor %}
    from acquisition

),

cohorts as (

    select
        
        {{ split_columns(splits) }},
        cohort_month,
        count(*) as cohort_size
    from customer_splits
    
    group by grouping sets (
        (cohort_month)
        {%- for split, expression in splits.items() %}{% if split != 'all' %},
        (cohort_month, {{ split }}_value)
        {%- endif %}{% endfor %}
    )

),

periods as (

    select
        cohorts.*,
        spine.n as months_since_first_order
    from cohorts
    cross join spine
    cross join analysis_date
    where spine.n <= {{ datediff('cohorts.cohort_month', 'analysis_date.as_of_date', 'month') }}

),

customer_months as (

    -- one row per customer × month first, so active customers are a plain count
    select
        customer_key,
        months_since_first_order,
        sum(net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(gross_margin_shop_amount) as gross_margin_shop_amount
    from customer_orders
    group by customer_key, months_since_first_order

),

activity as (

    select
        
        {{ split_columns(splits) }},
        customer_splits.cohort_month,
        customer_months.months_since_first_order,
        count(*) as active_customers,
        sum(customer_months.net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(customer_months.gross_margin_shop_amount) as gross_margin_shop_amount
    from customer_months
    inner join customer_splits on customer_months.customer_key = customer_splits.customer_key
    
    group by grouping sets (
        (customer_splits.cohort_month, customer_months.months_since_first_order)
        {%- for split, expression in splits.items() %}{% if split != 'all' %},
        (customer_splits.cohort_month, customer_months.months_since_first_order, {{ split }}_value)
        {%- endif %}{% endfor %}
    )

),

joined as (

    select
        periods.split_dimension,
        periods.split_value,
        periods.cohort_month,
        periods.months_since_first_order,
        periods.cohort_size,
        coalesce(activity.active_customers, 0) as active_customers,
        coalesce(activity.net_revenue_shop_amount, 0) as net_revenue_shop_amount,
        coalesce(activity.gross_margin_shop_amount, 0) as gross_margin_shop_amount
    from periods
    left join activity
        on periods.split_dimension = activity.split_dimension
        and periods.split_value = activity.split_value
        and periods.cohort_month = activity.cohort_month
        and periods.months_since_first_order = activity.months_since_first_order

),

final as (

    select
        {{ surrogate_key(['split_dimension', 'split_value', 'cohort_month', 'months_since_first_order']) }} as cohort_ltv_id,
        split_dimension,
        split_value,
        cohort_month,
        months_since_first_order,
        cohort_size,
        active_customers,
        net_revenue_shop_amount,
        gross_margin_shop_amount,
        {{ safe_divide('sum(net_revenue_shop_amount) over (partition by split_dimension, split_value, cohort_month order by months_since_first_order rows between unbounded preceding and current row)', 'cohort_size') }} as cumulative_net_revenue_per_customer,
        {{ safe_divide('sum(gross_margin_shop_amount) over (partition by split_dimension, split_value, cohort_month order by months_since_first_order rows between unbounded preceding and current row)', 'cohort_size') }} as cumulative_gross_margin_per_customer
    from joined

)

select * from final
