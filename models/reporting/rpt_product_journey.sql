{#- Reporting view over the product_journey mart for BI tools: `reporting.product_journey`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='product_journey') }}

with product_journey as (

    select * from {{ ref('product_journey') }}

),

final as (

    select
        product_journey_id,
        from_order_number,
        to_order_number,
        from_product_id,
        from_product_title,
        to_product_id,
        to_product_title,
        customers,
        from_customers,
        transition_rate,
        is_same_product
    from product_journey

)

select * from final
