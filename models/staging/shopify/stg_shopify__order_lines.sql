{{ config(materialized='incremental', unique_key='order_line_id') }}

with source as (

    select * from {{ source('shopify', 'order_lines') }}
    -- order-grain raw tables are large: only rows (re)written by ingest since the last build are parsed
    where {{ incremental_window(to_utc_timestamp('_synced_at'), 'synced_at') }}

),

latest as (

    select *
    from source
    qualify row_number() over (partition by id order by updated_at desc, _synced_at desc) = 1

),

renamed as (

    select
        id as order_line_id,
        order_id,
        {{ json_text('data', 'product.id') }} as product_id,
        {{ json_text('data', 'variant.id') }} as variant_id,
        {{ json_text('data', 'sku') }} as sku,
        {{ json_text('data', 'name') }} as line_name,
        {{ json_int('data', 'quantity') }} as quantity,
        coalesce({{ json_int('data', 'currentQuantity') }}, {{ json_int('data', 'quantity') }}) as current_quantity,
        {{ json_money('data', 'originalUnitPriceSet.shopMoney.amount') }} as unit_price_shop_amount,
        {{ json_money('data', 'originalUnitPriceSet.presentmentMoney.amount') }} as unit_price_presentment_amount,
        coalesce({{ json_money('data', 'totalDiscountSet.shopMoney.amount') }}, 0) as discount_shop_amount,
        coalesce({{ json_money('data', 'totalDiscountSet.presentmentMoney.amount') }}, 0) as discount_presentment_amount,
        {{ json_bool('data', 'isGiftCard') }} as is_gift_card,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from latest

)

select * from renamed
