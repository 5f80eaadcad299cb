{#- One row per step (order n → order n + 1, n < var `journey_max_order_number`, default 3) × product in
    order n × product in order n + 1: how many customers made that transition. A customer buying two
    products in order n and one in n + 1 contributes to two transitions. -#}
with customer_orders as (

    select
        order_key,
        customer_key,
        customer_order_number
    from {{ ref('int_customer_orders') }}
    where customer_order_number <= {{ var('journey_max_order_number', 3) }}

),

order_lines as (

    -- the products of a line come from staging (int_order_lines keeps no gids or text): the lines
    -- int_order_lines holds, i.e. not deleted; a line's own name stands in for a product missing from the
    -- products stream
    select
        order_key,
        product_key,
        product_id,
        line_name
    from {{ ref('stg_shopify__order_lines') }}
    where not is_gift_card and not is_deleted

),

products as (

    select product_key, product_title
    from {{ ref('stg_shopify__products') }}

),

order_products as (

    -- one row per customer × order number × product (its title: the line names of one product can differ),
    -- so the counts below are plain row counts, not distinct counts over the lines
    select
        customer_orders.customer_key,
        customer_orders.customer_order_number,
        order_lines.product_key,
        max(order_lines.product_id) as product_id,
        max(coalesce(products.product_title, order_lines.line_name)) as product_title
    from customer_orders
    inner join order_lines on customer_orders.order_key = order_lines.order_key
    left join products on order_lines.product_key = products.product_key
    group by 1, 2, 3

),

from_totals as (

    select
        customer_order_number,
        product_key,
        count(*) as from_customers
    from order_products
    group by customer_order_number, product_key

),

transitions as (

    select
        from_products.customer_order_number as from_order_number,
        from_products.product_key as from_product_key,
        max(from_products.product_id) as from_product_id,
        max(from_products.product_title) as from_product_title,
        to_products.product_key as to_product_key,
        max(to_products.product_id) as to_product_id,
        max(to_products.product_title) as to_product_title,
        count(*) as customers
    from order_products as from_products
    inner join order_products as to_products
        on from_products.customer_key = to_products.customer_key
        and to_products.customer_order_number = from_products.customer_order_number + 1
    group by from_products.customer_order_number, from_products.product_key, to_products.product_key

),

final as (

    select
        {{ surrogate_key(['transitions.from_order_number', 'transitions.from_product_id', 'transitions.to_product_id']) }} as product_journey_id,
        transitions.from_order_number,
        transitions.from_order_number + 1 as to_order_number,
        transitions.from_product_id,
        transitions.from_product_title,
        transitions.to_product_id,
        transitions.to_product_title,
        transitions.customers,
        from_totals.from_customers,
        {{ safe_divide('cast(transitions.customers as double)', 'from_totals.from_customers') }} as transition_rate,
        transitions.from_product_key = transitions.to_product_key as is_same_product
    from transitions
    inner join from_totals
        on transitions.from_order_number = from_totals.customer_order_number
        and transitions.from_product_key is not distinct from from_totals.product_key

)

select * from final
