with source as (

    select * from {{ source('shopify', 'customers') }}

),

latest as (

    -- raw is upserted by id; dedupe anyway so a replayed webhook can never double a customer
    select *
    from source
    qualify row_number() over (partition by id order by updated_at desc, _synced_at desc) = 1

),

renamed as (

    select
        id as customer_id,
        legacy_resource_id as customer_legacy_id,
        lower(trim({{ json_text('data', 'defaultEmailAddress.emailAddress') }})) as email,
        {{ json_text('data', 'defaultPhoneNumber.phoneNumber') }} as phone,
        {{ json_text('data', 'firstName') }} as first_name,
        {{ json_text('data', 'lastName') }} as last_name,
        {{ json_text('data', 'defaultAddress.countryCodeV2') }} as country_code,
        {{ json_text('data', 'defaultAddress.provinceCode') }} as province_code,
        upper({{ json_text('data', 'state') }}) as account_state,
        {{ json_array_text('data', 'tags') }} as tags,
        {{ json_bool('data', 'verifiedEmail') }} as is_email_verified,
        {{ json_int('data', 'numberOfOrders') }} as shopify_number_of_orders,
        {{ json_money('data', 'amountSpent.amount') }} as shopify_amount_spent,
        {{ json_text('data', 'amountSpent.currencyCode') }} as shopify_amount_spent_currency,
        {{ json_timestamp('data', 'createdAt') }} as created_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from latest

)

select * from renamed
