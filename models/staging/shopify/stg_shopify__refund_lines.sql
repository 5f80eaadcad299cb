{{ config(materialized='incremental', unique_key='refund_line_id') }}

with source as (

    select * from {{ source('shopify', 'refund_lines') }}
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
        id as refund_line_id,
        refund_id,
        order_id,
        order_line_id,
        {{ json_int('data', 'quantity') }} as quantity,
        upper({{ json_text('data', 'restockType') }}) as restock_type,
        coalesce({{ json_money('data', 'subtotalSet.shopMoney.amount') }}, 0) as subtotal_shop_amount,
        coalesce({{ json_money('data', 'subtotalSet.presentmentMoney.amount') }}, 0) as subtotal_presentment_amount,
        coalesce({{ json_money('data', 'totalTaxSet.shopMoney.amount') }}, 0) as tax_shop_amount,
        coalesce({{ json_money('data', 'totalTaxSet.presentmentMoney.amount') }}, 0) as tax_presentment_amount,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from latest

)

select * from renamed
