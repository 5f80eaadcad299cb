{#- One row per order (every order, test and cancelled ones included and flagged), with net revenue
    = gross − discounts − returns, all in shop currency, refunds attributed to the order. The revenue
    rule lives here, once: `is_revenue_order` decides which orders count anywhere downstream.
    Narrow, as int_order_lines: keys, dates, flags, counts and money, plus the order gid (what users and the
    webhook tests look an order up by) and the two currency codes (nearly constant, so nearly free; the docs
    report reads shop_currency). Writing this 1M-row table was the largest cost of a build, most of it its
    19 text columns: the customer gid now comes from int_customers by key, an order's attribution from the
    int_order_attribution view, the rest of its text (name, email, statuses) from stg_shopify__orders. -#}
{#- on_schema_change 'fail': see int_order_lines (a table built before order_key existed needs --full-refresh). -#}
{{ config(materialized='incremental', unique_key='order_key', on_schema_change='fail') }}

with orders as (

    select * from {{ ref('stg_shopify__orders') }}

),

order_lines as (

    select * from {{ ref('int_order_lines') }}

),

refunds as (

    select * from {{ ref('int_refunds') }}

),

{#- Only an incremental run narrows the rows to changed orders (see int_order_lines). -#}
{%- if is_incremental() %}
changed_orders as (

    select order_key from orders where {{ incremental_window('synced_at') }}
    union
    select order_key from order_lines where {{ incremental_window('synced_at') }}

),
{%- endif %}

line_totals as (

    select
        order_key,
        count(*) as line_count,
        sum(case when is_gift_card then 0 else quantity end) as units,
        sum(case when is_gift_card then 0 else refunded_quantity end) as refunded_units,
        sum(gross_shop_amount) as gross_shop_amount,
        sum(discount_shop_amount) as discount_shop_amount,
        sum(edited_out_shop_amount) as edited_out_shop_amount,
        sum(refunded_shop_amount) as refunded_shop_amount,
        sum(net_revenue_presentment_amount) as net_revenue_presentment_amount,
        sum(gift_card_sold_shop_amount) as gift_card_sold_shop_amount,
        sum(cost_shop_amount) as cost_shop_amount,
        max(case when is_cost_unknown then 1 else 0 end) = 1 as is_cost_unknown,
        max(synced_at) as synced_at
    from order_lines
    {%- if is_incremental() %}
    where order_key in (select order_key from changed_orders)
    {%- endif %}
    group by order_key

),

refund_totals as (

    select
        order_key,
        count(*) as refund_count,
        min(refunded_at) as first_refunded_at,
        sum(total_refunded_shop_amount) as total_refunded_cash_shop_amount
    from refunds
    {%- if is_incremental() %}
    where order_key in (select order_key from changed_orders)
    {%- endif %}
    group by order_key

),

joined as (

    select
        orders.order_id,
        orders.order_key,
        orders.customer_key,
        orders.processed_at,
        orders.created_at,
        orders.cancelled_at,
        orders.shop_currency,
        orders.presentment_currency,
        orders.total_price_shop_amount,
        orders.total_price_presentment_amount,
        orders.total_tax_shop_amount,
        orders.total_shipping_shop_amount,
        orders.is_test,
        orders.is_cancelled,
        orders.is_deleted,
        coalesce(line_totals.line_count, 0) as line_count,
        coalesce(line_totals.units, 0) as units,
        coalesce(line_totals.refunded_units, 0) as refunded_units,
        coalesce(line_totals.gross_shop_amount, 0) as gross_shop_amount,
        coalesce(line_totals.discount_shop_amount, 0) as discount_shop_amount,
        coalesce(line_totals.edited_out_shop_amount, 0) as edited_out_shop_amount,
        coalesce(line_totals.refunded_shop_amount, 0) as refunded_shop_amount,
        coalesce(line_totals.net_revenue_presentment_amount, 0) as net_revenue_presentment_amount,
        coalesce(line_totals.gift_card_sold_shop_amount, 0) as gift_card_sold_shop_amount,
        coalesce(line_totals.cost_shop_amount, 0) as cost_shop_amount,
        coalesce(line_totals.is_cost_unknown, false) as is_cost_unknown,
        coalesce(refund_totals.refund_count, 0) as refund_count,
        refund_totals.first_refunded_at,
        coalesce(refund_totals.total_refunded_cash_shop_amount, 0) as total_refunded_cash_shop_amount,
        greatest(orders.synced_at, coalesce(line_totals.synced_at, orders.synced_at)) as last_synced_at
    from orders
    {%- if is_incremental() %}
    inner join changed_orders on orders.order_key = changed_orders.order_key
    {%- endif %}
    left join line_totals on orders.order_key = line_totals.order_key
    left join refund_totals on orders.order_key = refund_totals.order_key

),

final as (

    -- sums come back as decimal(38) / hugeint: cast to money / integer again, or DuckDB stores 128-bit values
    -- that every downstream model scans several times slower
    select
        order_id,
        order_key,
        customer_key,
        processed_at,
        cast(processed_at as date) as order_date,
        created_at,
        cancelled_at,
        shop_currency,
        presentment_currency,
        presentment_currency <> shop_currency as is_multi_currency,
        line_count,
        cast(units as integer) as units,
        cast(refunded_units as integer) as refunded_units,
        refund_count,
        first_refunded_at,
        cast(gross_shop_amount as {{ money_type() }}) as gross_shop_amount,
        cast(discount_shop_amount as {{ money_type() }}) as discount_shop_amount,
        cast(edited_out_shop_amount as {{ money_type() }}) as edited_out_shop_amount,
        cast(gross_shop_amount - discount_shop_amount - edited_out_shop_amount as {{ money_type() }}) as net_sales_shop_amount,
        cast(refunded_shop_amount as {{ money_type() }}) as refunded_shop_amount,
        cast(gross_shop_amount - discount_shop_amount - edited_out_shop_amount - refunded_shop_amount as {{ money_type() }}) as net_revenue_shop_amount,
        cast(net_revenue_presentment_amount as {{ money_type() }}) as net_revenue_presentment_amount,
        cast(case when is_cost_unknown then null else cost_shop_amount end as {{ money_type() }}) as cost_shop_amount,
        cast(case when is_cost_unknown then null
            else gross_shop_amount - discount_shop_amount - edited_out_shop_amount - refunded_shop_amount - cost_shop_amount
        end as {{ money_type() }}) as gross_margin_shop_amount,
        cast(gift_card_sold_shop_amount as {{ money_type() }}) as gift_card_sold_shop_amount,
        total_price_shop_amount,
        total_price_presentment_amount,
        total_tax_shop_amount,
        total_shipping_shop_amount,
        cast(total_refunded_cash_shop_amount as {{ money_type() }}) as total_refunded_cash_shop_amount,
        is_test,
        is_cancelled,
        is_deleted,
        customer_key is not null as has_customer,
        not is_test and not is_cancelled and not is_deleted and customer_key is not null as is_revenue_order,
        last_synced_at as synced_at
    from joined

)

select * from final
