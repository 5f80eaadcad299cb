{#- A table, not a view: the raw JSON is parsed once here instead of once per reader (marts and the
    unique / not_null / relationships tests each re-parsed every node of a view). -#}
with source as (

    select * from {{ source('shopify', 'product_variants') }}

),

renamed as (

    select
        id as variant_id,
        {{ gid_key('id', 'ProductVariant') }} as variant_key,
        legacy_resource_id as variant_legacy_id,
        product_id,
        {{ gid_key('product_id', 'Product') }} as product_key,
        {{ json_text('data', 'sku') }} as sku,
        {{ json_text('data', 'title') }} as variant_title,
        {{ json_money('data', 'price') }} as price_shop_amount,
        {{ json_money('data', 'compareAtPrice') }} as compare_at_price_shop_amount,
        {{ json_money('data', 'inventoryItem.unitCost.amount') }} as unit_cost_shop_amount,
        {{ json_text('data', 'inventoryItem.unitCost.currencyCode') }} as unit_cost_currency,
        {{ json_timestamp('data', 'createdAt') }} as created_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from source

)

select * from renamed
