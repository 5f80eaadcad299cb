{#- Every path read from `data` (macros/cross_db/json.sql: a STRUCT field on DuckDB, one JSON parse per row
    where `data` is JSON text). -#}
{%- set paths = [
    'quantity', 'restockType',
    'subtotalSet.shopMoney.amount', 'subtotalSet.presentmentMoney.amount',
    'totalTaxSet.shopMoney.amount', 'totalTaxSet.presentmentMoney.amount'
] -%}

with source as (

    select * from {{ source('shopify', 'refund_lines') }}

),

parsed as (

    select
        id,
        refund_id,
        order_id,
        order_line_id,
        updated_at,
        is_deleted,
        _synced_at,
        -- integer candidates for the keys, computed once here (macros/cross_db/gid_key.sql)
        {{ gid_number('refund_id', 'Refund') }} as refund_number,
        {{ gid_number('order_id', 'Order') }} as order_number,
        {{ gid_number('order_line_id', 'LineItem') }} as order_line_number,
        {{ json_parse('data', paths) }} as fields
    from source

),

renamed as (

    select
        id as refund_line_id,
        refund_id,
        {{ gid_key('refund_id', 'Refund', 'refund_number') }} as refund_key,
        order_id,
        {{ gid_key('order_id', 'Order', 'order_number') }} as order_key,
        order_line_id,
        {{ gid_key('order_line_id', 'LineItem', 'order_line_number') }} as order_line_key,
        {{ json_int('fields', 'quantity', paths) }} as quantity,
        upper({{ json_text('fields', 'restockType', paths) }}) as restock_type,
        coalesce({{ json_money('fields', 'subtotalSet.shopMoney.amount', paths) }}, 0) as subtotal_shop_amount,
        coalesce({{ json_money('fields', 'subtotalSet.presentmentMoney.amount', paths) }}, 0) as subtotal_presentment_amount,
        coalesce({{ json_money('fields', 'totalTaxSet.shopMoney.amount', paths) }}, 0) as tax_shop_amount,
        coalesce({{ json_money('fields', 'totalTaxSet.presentmentMoney.amount', paths) }}, 0) as tax_presentment_amount,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from parsed

)

select * from renamed
