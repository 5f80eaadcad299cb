{#- A table, not a view: the raw JSON is parsed once here instead of once per reader (marts and the
    unique / not_null / relationships tests each re-parsed every node of a view). -#}
with source as (

    select * from {{ source('shopify', 'products') }}

),

renamed as (

    select
        id as product_id,
        {{ gid_key('id', 'Product') }} as product_key,
        legacy_resource_id as product_legacy_id,
        {{ json_text('data', 'title') }} as product_title,
        {{ json_text('data', 'handle') }} as handle,
        {{ json_text('data', 'productType') }} as product_type,
        {{ json_text('data', 'vendor') }} as vendor,
        upper({{ json_text('data', 'status') }}) as product_status,
        {{ json_array_text('data', 'tags') }} as tags,
        {{ json_timestamp('data', 'createdAt') }} as created_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from source

)

select * from renamed
