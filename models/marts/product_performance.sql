{#- One row per product variant sold on a revenue order (gift cards excluded): volume, revenue, returns,
    margin, and how the variant acquires customers (share of first orders, what those customers did next).
    Every import is narrow and read once: DuckDB materializes a CTE that two others read (all its rows and
    columns), and guessed the size of such a CTE so badly that it hashed the 1.6M lines instead of the 95k
    first orders. Lines are grouped by integer keys; their gids and text come from staging, joined on the
    line key (int_order_lines keeps no text: writing it onto 1.6M lines cost more than this whole mart). -#}
with order_lines as (

    select
        order_key,
        order_line_key,
        product_key,
        variant_key,
        quantity,
        refunded_quantity,
        gross_shop_amount,
        discount_shop_amount,
        refunded_shop_amount,
        net_revenue_shop_amount,
        cost_shop_amount,
        gross_margin_shop_amount,
        is_cost_unknown
    from {{ ref('int_order_lines') }}
    where not is_gift_card

),

first_order_lines as (

    select
        order_key,
        product_key,
        variant_key
    from {{ ref('int_order_lines') }}
    where not is_gift_card

),

line_labels as (

    -- a line's gids and own text (int_order_lines keeps none): its name stands in for a product missing
    -- from the products stream, its SKU for the variant's
    select
        order_line_key,
        product_id,
        variant_id,
        sku,
        line_name
    from {{ ref('stg_shopify__order_lines') }}

),

variants as (

    select variant_key, sku, variant_title
    from {{ ref('stg_shopify__product_variants') }}

),

products as (

    select product_key, product_title, product_type, vendor
    from {{ ref('stg_shopify__products') }}

),

revenue_orders as (

    -- int_customer_orders holds exactly the revenue orders
    select order_key
    from {{ ref('int_customer_orders') }}

),

first_orders as (

    select
        order_key,
        customer_key
    from {{ ref('int_customer_orders') }}
    where is_first_order

),

later_orders as (

    select
        customer_key,
        net_revenue_shop_amount,
        gross_margin_shop_amount
    from {{ ref('int_customer_orders') }}
    where not is_first_order

),

lines as (

    -- the lines of revenue orders (a semi-join: nothing of the order is needed here), with their text
    select
        order_lines.*,
        line_labels.product_id,
        line_labels.variant_id,
        coalesce(products.product_title, line_labels.line_name) as product_title,
        variants.variant_title,
        coalesce(line_labels.sku, variants.sku) as sku,
        products.product_type,
        products.vendor
    from order_lines
    inner join line_labels on order_lines.order_line_key = line_labels.order_line_key
    left join variants on order_lines.variant_key = variants.variant_key
    left join products on order_lines.product_key = products.product_key
    where order_lines.order_key in (select order_key from revenue_orders)

),

later_value as (

    -- what each customer spent after their first order
    select
        customer_key,
        count(*) as later_orders,
        sum(net_revenue_shop_amount) as later_net_revenue_shop_amount,
        sum(gross_margin_shop_amount) as later_gross_margin_shop_amount
    from later_orders
    group by customer_key

),

first_order_buyers as (

    select distinct
        first_order_lines.product_key,
        first_order_lines.variant_key,
        first_orders.customer_key
    from first_order_lines
    inner join first_orders on first_order_lines.order_key = first_orders.order_key

),

acquisition as (

    select
        first_order_buyers.product_key,
        first_order_buyers.variant_key,
        count(*) as first_order_customers,
        sum(case when later_value.later_orders > 0 then 1 else 0 end) as repeat_customers,
        avg(coalesce(later_value.later_net_revenue_shop_amount, 0)) as average_later_net_revenue_shop_amount,
        avg(coalesce(later_value.later_gross_margin_shop_amount, 0)) as average_later_gross_margin_shop_amount
    from first_order_buyers
    left join later_value on first_order_buyers.customer_key = later_value.customer_key
    group by first_order_buyers.product_key, first_order_buyers.variant_key

),

totals as (

    select count(*) as all_first_orders
    from first_orders

),

sales as (

    select
        product_key,
        variant_key,
        max(product_id) as product_id,
        max(variant_id) as variant_id,
        max(product_title) as product_title,
        max(variant_title) as variant_title,
        max(sku) as sku,
        max(product_type) as product_type,
        max(vendor) as vendor,
        count(distinct order_key) as orders,
        sum(quantity) as units,
        sum(refunded_quantity) as refunded_units,
        sum(gross_shop_amount) as gross_revenue_shop_amount,
        sum(discount_shop_amount) as discount_shop_amount,
        sum(refunded_shop_amount) as refunded_shop_amount,
        sum(net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(cost_shop_amount) as cost_shop_amount,
        sum(gross_margin_shop_amount) as gross_margin_shop_amount,
        max(case when is_cost_unknown then 1 else 0 end) = 1 as is_cost_unknown
    from lines
    group by product_key, variant_key

),

final as (

    select
        {{ surrogate_key(['sales.product_id', 'sales.variant_id']) }} as product_variant_key,
        sales.product_id,
        sales.variant_id,
        sales.product_title,
        sales.variant_title,
        sales.sku,
        sales.product_type,
        sales.vendor,
        sales.orders,
        sales.units,
        sales.refunded_units,
        sales.gross_revenue_shop_amount,
        sales.discount_shop_amount,
        sales.refunded_shop_amount,
        sales.net_revenue_shop_amount,
        case when sales.is_cost_unknown then null else sales.cost_shop_amount end as cost_shop_amount,
        case when sales.is_cost_unknown then null else sales.gross_margin_shop_amount end as gross_margin_shop_amount,
        {{ safe_divide('sales.refunded_shop_amount', 'sales.gross_revenue_shop_amount - sales.discount_shop_amount') }} as refund_rate,
        -- first orders holding the variant: each customer has exactly one first order, so these are the
        -- first-order customers counted in acquisition (one distinct count over the 1.6M lines fewer)
        coalesce(acquisition.first_order_customers, 0) as first_orders,
        {{ safe_divide('cast(coalesce(acquisition.first_order_customers, 0) as double)', 'totals.all_first_orders') }} as share_of_first_orders,
        coalesce(acquisition.first_order_customers, 0) as first_order_customers,
        {{ safe_divide('cast(acquisition.repeat_customers as double)', 'acquisition.first_order_customers') }} as repeat_purchase_rate,
        cast(acquisition.average_later_net_revenue_shop_amount as {{ money_type() }}) as average_later_net_revenue_shop_amount,
        cast(acquisition.average_later_gross_margin_shop_amount as {{ money_type() }}) as average_later_gross_margin_shop_amount
    from sales
    cross join totals
    left join acquisition
        on sales.product_key is not distinct from acquisition.product_key
        and sales.variant_key is not distinct from acquisition.variant_key

)

select * from final
