{#- Every path read from `data` (macros/cross_db/json.sql: a STRUCT field on DuckDB, one JSON parse per row
    where `data` is JSON text). -#}
{%- set paths = [
    'product.id', 'variant.id', 'sku', 'name', 'quantity', 'currentQuantity', 'isGiftCard',
    'originalUnitPriceSet.shopMoney.amount', 'originalUnitPriceSet.presentmentMoney.amount',
    'totalDiscountSet.shopMoney.amount', 'totalDiscountSet.presentmentMoney.amount'
] -%}

with source as (

    select * from {{ source('shopify', 'order_lines') }}

),

parsed as (

    select
        id,
        order_id,
        updated_at,
        is_deleted,
        _synced_at,
        -- integer candidates for the keys, computed once here (macros/cross_db/gid_key.sql)
        {{ gid_number('id', 'LineItem') }} as id_number,
        {{ gid_number('order_id', 'Order') }} as order_number,
        {{ gid_number(json_text('data', 'product.id'), 'Product') }} as product_number,
        {{ gid_number(json_text('data', 'variant.id'), 'ProductVariant') }} as variant_number,
        {{ json_parse('data', paths) }} as fields
    from source

),

renamed as (

    select
        id as order_line_id,
        {{ gid_key('id', 'LineItem', 'id_number') }} as order_line_key,
        order_id,
        {{ gid_key('order_id', 'Order', 'order_number') }} as order_key,
        {{ json_text('fields', 'product.id', paths) }} as product_id,
        {{ gid_key(json_text('fields', 'product.id', paths), 'Product', 'product_number') }} as product_key,
        {{ json_text('fields', 'variant.id', paths) }} as variant_id,
        {{ gid_key(json_text('fields', 'variant.id', paths), 'ProductVariant', 'variant_number') }} as variant_key,
        {{ json_text('fields', 'sku', paths) }} as sku,
        {{ json_text('fields', 'name', paths) }} as line_name,
        {{ json_int('fields', 'quantity', paths) }} as quantity,
        coalesce({{ json_int('fields', 'currentQuantity', paths) }}, {{ json_int('fields', 'quantity', paths) }}) as current_quantity,
        {{ json_money('fields', 'originalUnitPriceSet.shopMoney.amount', paths) }} as unit_price_shop_amount,
        {{ json_money('fields', 'originalUnitPriceSet.presentmentMoney.amount', paths) }} as unit_price_presentment_amount,
        coalesce({{ json_money('fields', 'totalDiscountSet.shopMoney.amount', paths) }}, 0) as discount_shop_amount,
        coalesce({{ json_money('fields', 'totalDiscountSet.presentmentMoney.amount', paths) }}, 0) as discount_presentment_amount,
        {{ json_bool('fields', 'isGiftCard', paths) }} as is_gift_card,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from parsed

)

select * from renamed
