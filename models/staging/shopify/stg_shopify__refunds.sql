{{ config(materialized='incremental', unique_key='refund_id') }}

with source as (

    select * from {{ source('shopify', 'refunds') }}
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
        id as refund_id,
        order_id,
        {{ json_timestamp('data', 'createdAt') }} as created_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce({{ json_money('data', 'totalRefundedSet.shopMoney.amount') }}, 0) as total_refunded_shop_amount,
        coalesce({{ json_money('data', 'totalRefundedSet.presentmentMoney.amount') }}, 0) as total_refunded_presentment_amount,
        {{ json_text('data', 'note') }} as note,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from latest

)

select * from renamed
