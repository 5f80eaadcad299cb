{#- Reporting view over the product_performance mart for BI tools: `reporting.product_performance`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='product_performance') }}

with product_performance as (

    select * from {{ ref('product_performance') }}

),

final as (

    select
        product_variant_key,
        product_id,
        variant_id,
        product_title,
        variant_title,
        sku,
        product_type,
        vendor,
        orders,
        units,
        refunded_units,
        gross_revenue_shop_amount,
        discount_shop_amount,
        refunded_shop_amount,
        net_revenue_shop_amount,
        cost_shop_amount,
        gross_margin_shop_amount,
        refund_rate,
        first_orders,
        share_of_first_orders,
        first_order_customers,
        repeat_purchase_rate,
        average_later_net_revenue_shop_amount,
        average_later_gross_margin_shop_amount
    from product_performance

)

select * from final
