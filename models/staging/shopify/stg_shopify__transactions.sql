{#- Every path read from `data` (macros/cross_db/json.sql: a STRUCT field on DuckDB, one JSON parse per row
    where `data` is JSON text). -#}
{%- set paths = [
    'kind', 'status', 'gateway', 'test', 'processedAt', 'parentTransaction.id',
    'amountSet.shopMoney.amount', 'amountSet.presentmentMoney.amount',
    'amountSet.shopMoney.currencyCode', 'amountSet.presentmentMoney.currencyCode'
] -%}

with source as (

    select * from {{ source('shopify', 'transactions') }}

),

parsed as (

    select
        id,
        order_id,
        updated_at,
        is_deleted,
        _synced_at,
        -- integer candidates for the keys, computed once here (macros/cross_db/gid_key.sql)
        {{ gid_number('id', 'OrderTransaction') }} as id_number,
        {{ gid_number('order_id', 'Order') }} as order_number,
        {{ json_parse('data', paths) }} as fields
    from source

),

renamed as (

    select
        id as transaction_id,
        {{ gid_key('id', 'OrderTransaction', 'id_number') }} as transaction_key,
        order_id,
        {{ gid_key('order_id', 'Order', 'order_number') }} as order_key,
        upper({{ json_text('fields', 'kind', paths) }}) as kind,
        upper({{ json_text('fields', 'status', paths) }}) as status,
        lower({{ json_text('fields', 'gateway', paths) }}) as gateway,
        {{ json_money('fields', 'amountSet.shopMoney.amount', paths) }} as amount_shop_amount,
        {{ json_money('fields', 'amountSet.presentmentMoney.amount', paths) }} as amount_presentment_amount,
        {{ json_text('fields', 'amountSet.shopMoney.currencyCode', paths) }} as shop_currency,
        {{ json_text('fields', 'amountSet.presentmentMoney.currencyCode', paths) }} as presentment_currency,
        {{ json_text('fields', 'parentTransaction.id', paths) }} as parent_transaction_id,
        {{ json_timestamp('fields', 'processedAt', paths) }} as processed_at,
        {{ json_bool('fields', 'test', paths) }} as is_test,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from parsed

)

select * from renamed
