{#- One row per customer with at least one revenue order: how they were acquired, read off their first
    order. The first product is the product of the first order's highest-net-sales line (ties: the lower line id, compared as integer keys).
    Attribution text comes from the int_order_attribution view and product text from the products stream
    by key (int_orders and int_order_lines keep no text); staging's own line text is read only for a first
    line the products stream gives no title for. -#}
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
        order_key,
        processed_at
    from {{ ref('int_orders') }}

),

attribution as (

    -- the order gid too: the view reads it straight from the raw table it scans anyway
    select
        order_key,
        order_id,
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

    -- never a null key (the stream's gids are not null), so `not in` below is a plain anti-join
    select product_key
    from {{ ref('stg_shopify__products') }}
    where product_title is not null

),

line_labels as (

    select order_line_key, product_id, line_name
    from {{ ref('stg_shopify__order_lines') }}

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

untitled_first_lines as (

    -- first lines the products stream gives no title for (a product it lacks or has no title for, a custom
    -- line without a product): only these need the line's own gid and name. They are found first, so the
    -- join below hashes only them (none, in a store whose products are all synced, and DuckDB then skips
    -- staging's 1.6M lines altogether)
    select order_line_key
    from first_product
    where product_key is null
        or product_key not in (select product_key from titled_products)

),

untitled_first_line_labels as (

    select
        line_labels.order_line_key,
        line_labels.product_id,
        line_labels.line_name
    from line_labels
    inner join untitled_first_lines on line_labels.order_line_key = untitled_first_lines.order_line_key

),

final as (

    select
        customer_orders.customer_id,
        customer_orders.customer_key,
        attribution.order_id as first_order_id,
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
        coalesce(products.product_id, untitled_first_line_labels.product_id) as first_product_id,
        coalesce(products.product_title, untitled_first_line_labels.line_name) as first_product_title
    from customer_orders
    inner join orders on customer_orders.order_key = orders.order_key
    inner join attribution on customer_orders.order_key = attribution.order_key
    left join first_product on customer_orders.order_key = first_product.order_key
    left join untitled_first_line_labels on first_product.order_line_key = untitled_first_line_labels.order_line_key
    left join products on first_product.product_key = products.product_key

)

select * from final
