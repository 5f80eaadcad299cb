{#- The single as-of date every "days since" / recency / partial-period figure is measured against:
    var('as_of_date') when set (YYYY-MM-DD), else the day after the latest revenue order (clv.md §8). -#}
with orders as (

    select * from {{ ref('int_orders') }}

),

final as (

    select
        {%- if var('as_of_date', none) %}
        cast('{{ var("as_of_date") }}' as date) as as_of_date
        {%- else %}
        -- a store without a revenue order yet (a new or development store, only test orders) still gets a
        -- date, so the build stays green with empty marts instead of failing not_null here
        coalesce(cast({{ dateadd('day', 1, 'max(order_date)') }} as date), current_date) as as_of_date
        {%- endif %}
    from orders
    where is_revenue_order

)

select * from final
