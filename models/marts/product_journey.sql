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

    select
        order_key,
        order_line_key,
        product_key
    from {{ ref('int_order_lines') }}
    where not is_gift_card

),

products as (

    select product_key, product_id, product_title
    from {{ ref('stg_shopify__products') }}

),

product_keys as (

    -- never a null key (the stream's gids are not null), so `not in` below is a plain anti-join
    select product_key
    from {{ ref('stg_shopify__products') }}

),

unlisted_line_keys as (

    -- lines of a product the products stream lacks (or of no product): only these need their own gid and
    -- name, which then stand in for the title. Found on the integer keys first, so the join below hashes only
    -- them, and computes staging's line keys only when there are any (string aggregates over every line, or
    -- staging's 1.6M lines keyed to find the few, cost more than the rest of this model)
    select order_line_key
    from {{ ref('int_order_lines') }}
    where not is_gift_card
        and (product_key is null or product_key not in (select product_key from product_keys))

),

unlisted_product_lines as (

    select
        line_labels.order_line_key,
        line_labels.product_id,
        line_labels.line_name
    from {{ ref('stg_shopify__order_lines') }} as line_labels
    inner join unlisted_line_keys on line_labels.order_line_key = unlisted_line_keys.order_line_key

),

order_product_keys as (

    -- one row per customer × order number × product, so the counts below are plain row counts, not
    -- distinct counts over the lines
    select
        customer_orders.customer_key,
        customer_orders.customer_order_number,
        order_lines.product_key,
        max(unlisted_product_lines.product_id) as unlisted_product_id,
        max(unlisted_product_lines.line_name) as unlisted_product_title
    from customer_orders
    inner join order_lines on customer_orders.order_key = order_lines.order_key
    left join unlisted_product_lines on order_lines.order_line_key = unlisted_product_lines.order_line_key
    group by 1, 2, 3

),

order_products as (

    select
        order_product_keys.customer_key,
        order_product_keys.customer_order_number,
        order_product_keys.product_key,
        coalesce(products.product_id, order_product_keys.unlisted_product_id) as product_id,
        coalesce(products.product_title, order_product_keys.unlisted_product_title) as product_title
    from order_product_keys
    left join products on order_product_keys.product_key = products.product_key

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
