{#- One row per attribution dimension × value (channel, source name, UTM source / medium / campaign,
    referrer host, landing page, discount code). Each revenue order is attributed by its own first visit;
    customers are "acquired" by the value on their first order. An order with several discount codes is
    attributed to the first one, so no order is counted twice within a dimension. -#}
{%- set dimensions = {
    'channel': 'channel',
    'source_name': 'source_name',
    'utm_source': 'first_visit_utm_source',
    'utm_medium': 'first_visit_utm_medium',
    'utm_campaign': 'first_visit_utm_campaign',
    'referrer_host': 'referrer_host',
    'landing_page': 'landing_page',
    'discount_code': 'first_discount_code'
} -%}

with orders as (

    select
        order_key,
        customer_key,
        discount_shop_amount,
        net_revenue_shop_amount,
        gross_margin_shop_amount
    from {{ ref('int_orders') }}
    where is_revenue_order

),

attribution as (

    -- the dimensions, computed from staging by the view as read (int_orders keeps no text; see there)
    select
        order_key,
        {%- for column in dimensions.values() %}
        {{ column }}{% if not loop.last %},{% endif %}
        {%- endfor %}
    from {{ ref('int_order_attribution') }}

),

customer_orders as (

    select
        order_key,
        customer_key,
        is_first_order,
        days_since_first_order,
        net_revenue_shop_amount,
        gross_margin_shop_amount
    from {{ ref('int_customer_orders') }}

),

acquired as (

    -- one pass over the customer orders: each customer's first order and their value in its first 90 days
    -- (a second CTE reading customer_orders would make DuckDB materialize it whole); keyed by the integer
    -- customer_key, so the distinct-customer counts below hash an integer, not a ~30-character gid (most of
    -- this model's time went to those eight distinct counts)
    select
        customer_key,
        max(case when is_first_order then order_key end) as first_order_key,
        sum(case when days_since_first_order <= 90 then net_revenue_shop_amount end) as net_revenue_90_days_shop_amount,
        sum(case when days_since_first_order <= 90 then gross_margin_shop_amount end) as gross_margin_90_days_shop_amount
    from customer_orders
    group by customer_key

),

attributed as (

    -- every revenue order is a customer order (int_customer_orders holds exactly the revenue orders), so the
    -- inner join keeps them all; the 90-day value sits on the customer's first order only; values are labelled
    -- before grouping so a missing value and a literal '(none)' fall in the same row, as they always have
    select
        {%- for column in dimensions.values() %}
        coalesce(cast(attribution.{{ column }} as varchar), '(none)') as {{ column }},
        {%- endfor %}
        acquired.customer_key,
        orders.order_key = acquired.first_order_key as is_first_order,
        orders.discount_shop_amount,
        orders.net_revenue_shop_amount,
        orders.gross_margin_shop_amount,
        case when orders.order_key = acquired.first_order_key then acquired.net_revenue_90_days_shop_amount end as net_revenue_90_days_shop_amount,
        case when orders.order_key = acquired.first_order_key then acquired.gross_margin_90_days_shop_amount end as gross_margin_90_days_shop_amount
    from orders
    inner join attribution on orders.order_key = attribution.order_key
    inner join acquired on orders.customer_key = acquired.customer_key

),

aggregated as (

    -- one aggregate over all eight dimensions (grouping sets): `attributed` is read once, not materialized and
    -- re-read eight times as with one aggregate per dimension (or pushed 8× through one hash table as an unpivot)
    select
        case
            {%- for dimension, column in dimensions.items() %}
            when grouping({{ column }}) = 0 then '{{ dimension }}'
            {%- endfor %}
        end as attribution_dimension,
        -- in each grouping set only its own (never null) dimension column is not null
        coalesce({{ dimensions.values() | join(', ') }}) as attribution_value,
        count(*) as orders,
        count(distinct customer_key) as customers,
        sum(case when is_first_order then 1 else 0 end) as new_customers,
        sum(net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(gross_margin_shop_amount) as gross_margin_shop_amount,
        sum(discount_shop_amount) as discount_shop_amount,
        sum(net_revenue_90_days_shop_amount) as acquired_net_revenue_90_days_shop_amount,
        sum(gross_margin_90_days_shop_amount) as acquired_gross_margin_90_days_shop_amount
    from attributed
    group by grouping sets (
        {%- for column in dimensions.values() %}
        ({{ column }}){% if not loop.last %},{% endif %}
        {%- endfor %}
    )

),

final as (

    select
        {{ surrogate_key(['attribution_dimension', 'attribution_value']) }} as marketing_performance_id,
        attribution_dimension,
        attribution_value,
        orders,
        customers,
        new_customers,
        net_revenue_shop_amount,
        gross_margin_shop_amount,
        discount_shop_amount,
        coalesce(acquired_net_revenue_90_days_shop_amount, 0) as acquired_net_revenue_90_days_shop_amount,
        acquired_gross_margin_90_days_shop_amount,
        cast({{ safe_divide('acquired_net_revenue_90_days_shop_amount', 'new_customers') }} as {{ money_type() }}) as average_90_day_value_shop_amount,
        -- net revenue earned per unit of discount given: how many dollars each discounted dollar brought back
        {{ safe_divide('net_revenue_shop_amount', 'discount_shop_amount') }} as return_on_discount,
        {{ safe_divide('gross_margin_shop_amount', 'discount_shop_amount') }} as margin_return_on_discount
    from aggregated

)

select * from final
