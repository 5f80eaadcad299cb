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

    select * from {{ ref('int_orders') }}
    where is_revenue_order

),

customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

first_orders as (

    select
        order_id,
        customer_id
    from customer_orders
    where is_first_order

),

value_90_days as (

    select
        customer_id,
        sum(net_revenue_shop_amount) as net_revenue_90_days_shop_amount,
        sum(gross_margin_shop_amount) as gross_margin_90_days_shop_amount
    from customer_orders
    where days_since_first_order <= 90
    group by customer_id

),

acquired as (

    -- the 90-day value of a customer, on their first order only: joined per order before the unpivot below
    -- multiplies the rows by eight
    select
        first_orders.order_id,
        value_90_days.net_revenue_90_days_shop_amount,
        value_90_days.gross_margin_90_days_shop_amount
    from first_orders
    left join value_90_days on first_orders.customer_id = value_90_days.customer_id

),

attributed as (

    -- int_customer_orders holds exactly the revenue orders, so only the first-order flag has to be joined on
    -- (against the small first-order list, not every order)
    select
        orders.*,
        acquired.order_id is not null as is_first_order,
        acquired.net_revenue_90_days_shop_amount,
        acquired.gross_margin_90_days_shop_amount
    from orders
    left join acquired on orders.order_id = acquired.order_id

),

dimension_names as (

    {%- for dimension, column in dimensions.items() %}
    select '{{ dimension }}' as attribution_dimension
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

unpivoted as (

    -- a cross join with the eight names rather than a union of eight selects: `attributed` (and its join) is
    -- computed once and streamed, not materialized and re-read eight times
    select
        dimension_names.attribution_dimension,
        coalesce(
            case dimension_names.attribution_dimension
                {%- for dimension, column in dimensions.items() %}
                when '{{ dimension }}' then cast(attributed.{{ column }} as varchar)
                {%- endfor %}
            end,
            '(none)'
        ) as attribution_value,
        attributed.order_id,
        attributed.customer_id,
        attributed.is_first_order,
        attributed.discount_shop_amount,
        attributed.net_revenue_shop_amount,
        attributed.gross_margin_shop_amount,
        attributed.net_revenue_90_days_shop_amount,
        attributed.gross_margin_90_days_shop_amount
    from attributed
    cross join dimension_names

),

aggregated as (

    select
        attribution_dimension,
        attribution_value,
        count(*) as orders,
        count(distinct customer_id) as customers,
        sum(case when is_first_order then 1 else 0 end) as new_customers,
        sum(net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(gross_margin_shop_amount) as gross_margin_shop_amount,
        sum(discount_shop_amount) as discount_shop_amount,
        sum(net_revenue_90_days_shop_amount) as acquired_net_revenue_90_days_shop_amount,
        sum(gross_margin_90_days_shop_amount) as acquired_gross_margin_90_days_shop_amount
    from unpivoted
    group by attribution_dimension, attribution_value

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
