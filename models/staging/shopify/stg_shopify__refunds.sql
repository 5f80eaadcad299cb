{#- Every path read from `data` (macros/cross_db/json.sql: a STRUCT field on DuckDB, one JSON parse per row
    where `data` is JSON text). -#}
{%- set paths = [
    'createdAt', 'updatedAt', 'note', 'totalRefundedSet.shopMoney.amount', 'totalRefundedSet.presentmentMoney.amount'
] -%}

with source as (

    select * from {{ source('shopify', 'refunds') }}

),

parsed as (

    select
        id,
        order_id,
        updated_at,
        is_deleted,
        _synced_at,
        -- integer candidates for the keys, computed once here (macros/cross_db/gid_key.sql)
        {{ gid_number('id', 'Refund') }} as id_number,
        {{ gid_number('order_id', 'Order') }} as order_number,
        {{ json_parse('data', paths) }} as fields
    from source

),

renamed as (

    select
        id as refund_id,
        {{ gid_key('id', 'Refund', 'id_number') }} as refund_key,
        order_id,
        {{ gid_key('order_id', 'Order', 'order_number') }} as order_key,
        -- Refund.createdAt is nullable in the Admin API (updatedAt is not): an undated refund is dated when it
        -- was last updated, the row's own clock, so it still lands on a day in the ledger and seasonality
        coalesce(
            {{ json_timestamp('fields', 'createdAt', paths) }},
            {{ json_timestamp('fields', 'updatedAt', paths) }},
            {{ to_utc_timestamp('updated_at') }}
        ) as created_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce({{ json_money('fields', 'totalRefundedSet.shopMoney.amount', paths) }}, 0) as total_refunded_shop_amount,
        coalesce({{ json_money('fields', 'totalRefundedSet.presentmentMoney.amount', paths) }}, 0) as total_refunded_presentment_amount,
        {{ json_text('fields', 'note', paths) }} as note,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from parsed

)

select * from renamed
