{{ config(materialized='incremental', unique_key='transaction_id') }}

with source as (

    select * from {{ source('shopify', 'transactions') }}
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
        id as transaction_id,
        order_id,
        upper({{ json_text('data', 'kind') }}) as kind,
        upper({{ json_text('data', 'status') }}) as status,
        lower({{ json_text('data', 'gateway') }}) as gateway,
        {{ json_money('data', 'amountSet.shopMoney.amount') }} as amount_shop_amount,
        {{ json_money('data', 'amountSet.presentmentMoney.amount') }} as amount_presentment_amount,
        {{ json_text('data', 'amountSet.shopMoney.currencyCode') }} as shop_currency,
        {{ json_text('data', 'amountSet.presentmentMoney.currencyCode') }} as presentment_currency,
        {{ json_text('data', 'parentTransaction.id') }} as parent_transaction_id,
        {{ json_timestamp('data', 'processedAt') }} as processed_at,
        {{ json_bool('data', 'test') }} as is_test,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from latest

)

select * from renamed
