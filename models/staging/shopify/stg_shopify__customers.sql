{#- Every path read from `data` (macros/cross_db/json.sql: a STRUCT field on DuckDB, one JSON parse per row
    where `data` is JSON text). -#}
{%- set paths = [
    'defaultEmailAddress.emailAddress', 'defaultPhoneNumber.phoneNumber', 'firstName', 'lastName', 'defaultAddress.countryCodeV2', 'defaultAddress.provinceCode',
    'state', 'tags', 'verifiedEmail', 'numberOfOrders', 'amountSpent.amount', 'amountSpent.currencyCode', 'createdAt'
] -%}

with source as (

    select * from {{ source('shopify', 'customers') }}

),

parsed as (

    select
        id,
        legacy_resource_id,
        updated_at,
        is_deleted,
        _synced_at,
        -- integer candidates for the keys, computed once here (macros/cross_db/gid_key.sql)
        {{ gid_number('id', 'Customer') }} as id_number,
        {{ json_parse('data', paths) }} as fields
    from source

),

renamed as (

    select
        id as customer_id,
        {{ gid_key('id', 'Customer', 'id_number') }} as customer_key,
        legacy_resource_id as customer_legacy_id,
        lower(trim({{ json_text('fields', 'defaultEmailAddress.emailAddress', paths) }})) as email,
        {{ json_text('fields', 'defaultPhoneNumber.phoneNumber', paths) }} as phone,
        {{ json_text('fields', 'firstName', paths) }} as first_name,
        {{ json_text('fields', 'lastName', paths) }} as last_name,
        {{ json_text('fields', 'defaultAddress.countryCodeV2', paths) }} as country_code,
        {{ json_text('fields', 'defaultAddress.provinceCode', paths) }} as province_code,
        upper({{ json_text('fields', 'state', paths) }}) as account_state,
        {{ json_array_text('fields', 'tags', paths) }} as tags,
        {{ json_bool('fields', 'verifiedEmail', paths) }} as is_email_verified,
        {{ json_int('fields', 'numberOfOrders', paths) }} as shopify_number_of_orders,
        {{ json_money('fields', 'amountSpent.amount', paths) }} as shopify_amount_spent,
        {{ json_text('fields', 'amountSpent.currencyCode', paths) }} as shopify_amount_spent_currency,
        {{ json_timestamp('fields', 'createdAt', paths) }} as created_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from parsed

)

select * from renamed
