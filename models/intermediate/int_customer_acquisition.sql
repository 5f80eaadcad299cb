{#- One row per customer with at least one revenue order: how they were acquired, read off their first
    order. The first product is the product of the first order's highest-net-sales line (ties: the lower line id, compared as integer keys). -#}
with customer_orders as (

    select
        customer_id,
        customer_key,
        order_key,
        first_order_date,
        cohort_month
    from {{ ref('int_customer_orders') }}
    where is_first_order

),

first_order_ids as (

    -- the first orders again, as a narrow import of their own: DuckDB materializes a CTE that two others
    -- read, and then misjudges its size when planning the 1.6M-line join below
    select order_key
    from {{ ref('int_customer_orders') }}
    where is_first_order

),

orders as (

    select
        order_id,
        order_key,
        processed_at
    from {{ ref('int_orders') }}

),

attribution as (

    select
        order_key,
        channel,
        source_name,
        first_visit_utm_source,
        first_visit_utm_medium,
        first_visit_utm_campaign,
        referrer_host,
        landing_page,
        first_discount_code
    from {{ ref('int_order_attribution') }}

),

order_lines as (

    select
        order_key,
        order_line_key,
        product_key,
        net_sales_shop_amount
    from {{ ref('int_order_lines') }}
    where not is_gift_card

),

products as (

    select product_key, product_id, product_title
    from {{ ref('stg_shopify__products') }}

),

titled_products as (

    select product_id
    from {{ ref('stg_shopify__products') }}
    where product_title is not null

),

untitled_lines as (

    -- int_order_lines keeps no gids or text (see there): a line's product comes from the products stream by
    -- key, and only a line the stream gives no title for (a product it lacks or has no title for, a custom
    -- line without a product) needs its own gid and name. Matched on the gid text, so staging computes the
    -- line key of those few lines only, not of all 1.6M (which cost more than the rest of this model).
    select
        order_lines.order_line_key,
        order_lines.product_id,
        order_lines.line_name
    from {{ ref('stg_shopify__order_lines') }} as order_lines
    left join titled_products on order_lines.product_id = titled_products.product_id
    where titled_products.product_id is null and not order_lines.is_gift_card and not order_lines.is_deleted

),

first_product as (

    select
        order_lines.order_key,
        order_lines.order_line_key,
        order_lines.product_key
    from order_lines
    inner join first_order_ids on order_lines.order_key = first_order_ids.order_key
    qualify row_number() over (
        partition by order_lines.order_key
        order by order_lines.net_sales_shop_amount desc, order_lines.order_line_key
    ) = 1

),

final as (

    select
        customer_orders.customer_id,
        customer_orders.customer_key,
        orders.order_id as first_order_id,
        orders.processed_at as first_order_at,
        customer_orders.first_order_date,
        customer_orders.cohort_month,
        attribution.channel as acquisition_channel,
        attribution.source_name as acquisition_source_name,
        attribution.first_visit_utm_source as acquisition_utm_source,
        attribution.first_visit_utm_medium as acquisition_utm_medium,
        attribution.first_visit_utm_campaign as acquisition_utm_campaign,
        attribution.referrer_host as acquisition_referrer_host,
        attribution.landing_page as acquisition_landing_page,
        attribution.first_discount_code,
        -- the same gid either way: a product key stands for exactly one gid text (gid_key)
        coalesce(products.product_id, untitled_lines.product_id) as first_product_id,
        coalesce(products.product_title, untitled_lines.line_name) as first_product_title
    from customer_orders
    inner join orders on customer_orders.order_key = orders.order_key
    inner join attribution on customer_orders.order_key = attribution.order_key
    left join first_product on customer_orders.order_key = first_product.order_key
    left join untitled_lines on first_product.order_line_key = untitled_lines.order_line_key
    left join products on first_product.product_key = products.product_key

)

select * from final
