{#- One row per step (order n → order n + 1, n < var `journey_max_order_number`, default 3) × product in
    order n × product in order n + 1: how many customers made that transition. A customer buying two
    products in order n and one in n + 1 contributes to two transitions. -#}
with customer_orders as (

    select
        order_id,
        customer_id,
        customer_order_number
    from {{ ref('int_customer_orders') }}
    where customer_order_number <= {{ var('journey_max_order_number', 3) }}

),

order_lines as (

    select
        order_id,
        product_id,
        product_title
    from {{ ref('int_order_lines') }}
    where not is_gift_card

),

order_products as (

    -- one row per customer × order number × product (its title: the line names of one product can differ),
    -- so the counts below are plain row counts, not distinct counts over the lines
    select
        customer_orders.customer_id,
        customer_orders.customer_order_number,
        order_lines.product_id,
        max(order_lines.product_title) as product_title
    from customer_orders
    inner join order_lines on customer_orders.order_id = order_lines.order_id
    group by 1, 2, 3

),

from_totals as (

    select
        customer_order_number,
        product_id,
        count(*) as from_customers
    from order_products
    group by customer_order_number, product_id

),

transitions as (

    select
        from_products.customer_order_number as from_order_number,
        from_products.product_id as from_product_id,
        max(from_products.product_title) as from_product_title,
        to_products.product_id as to_product_id,
        max(to_products.product_title) as to_product_title,
        count(*) as customers
    from order_products as from_products
    inner join order_products as to_products
        on from_products.customer_id = to_products.customer_id
        and to_products.customer_order_number = from_products.customer_order_number + 1
    group by 1, 2, 4

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
        transitions.from_product_id = transitions.to_product_id as is_same_product
    from transitions
    inner join from_totals
        on transitions.from_order_number = from_totals.customer_order_number
        and transitions.from_product_id is not distinct from from_totals.product_id

)

select * from final
