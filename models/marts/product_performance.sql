{#- One row per product variant sold on a revenue order (gift cards excluded): volume, revenue, returns,
    margin, and how the variant acquires customers (share of first orders, what those customers did next).
    Every import is narrow and read once: DuckDB materializes a CTE that two others read (all its rows and
    columns), and guessed the size of such a CTE so badly that it hashed the 1.6M lines instead of the 95k
    first orders. Lines are grouped by integer keys; their gids and text come from staging, aggregated per
    variant on their own (int_order_lines keeps no text: writing it onto 1.6M lines cost more than this
    whole mart, and joining staging's lines back onto int_order_lines line by line cost half of it). -#}
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
    -- from the products stream, its SKU for the variant's; filtered as int_order_lines filters its lines
    select
        order_key,
        product_key,
        variant_key,
        product_id,
        variant_id,
        sku,
        line_name
    from {{ ref('stg_shopify__order_lines') }}
    where not is_gift_card and not is_deleted

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

labelled_revenue_orders as (

    -- the same, for the labels' semi-join (a CTE read twice would be materialized whole)
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

    -- the lines of revenue orders (a semi-join: nothing of the order is needed here)
    select *
    from order_lines
    where order_key in (select order_key from revenue_orders)

),

labels as (

    -- the gids and text of each variant's lines on revenue orders, aggregated per variant apart from the
    -- money: the same lines (int_order_lines holds staging's lines, filtered alike), grouped by the same keys
    select
        line_labels.product_key,
        line_labels.variant_key,
        max(line_labels.product_id) as product_id,
        max(line_labels.variant_id) as variant_id,
        max(coalesce(products.product_title, line_labels.line_name)) as product_title,
        max(coalesce(line_labels.sku, variants.sku)) as sku
    from line_labels
    left join variants on line_labels.variant_key = variants.variant_key
    left join products on line_labels.product_key = products.product_key
    where line_labels.order_key in (select order_key from labelled_revenue_orders)
    group by line_labels.product_key, line_labels.variant_key

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
        {{ surrogate_key(['labels.product_id', 'labels.variant_id']) }} as product_variant_key,
        labels.product_id,
        labels.variant_id,
        labels.product_title,
        variants.variant_title,
        labels.sku,
        products.product_type,
        products.vendor,
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
    inner join labels
        on sales.product_key is not distinct from labels.product_key
        and sales.variant_key is not distinct from labels.variant_key
    left join variants on sales.variant_key = variants.variant_key
    left join products on sales.product_key = products.product_key
    cross join totals
    left join acquisition
        on sales.product_key is not distinct from acquisition.product_key
        and sales.variant_key is not distinct from acquisition.variant_key

)

select * from final
