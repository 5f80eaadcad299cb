{#- Order-level fields and money. Shop-currency (`*_shop_amount`) and presentment-currency
    (`*_presentment_amount`) figures are kept side by side and never mixed: every mart sums shop amounts. -#}

{{ config(materialized='incremental', unique_key='order_id') }}

{%- set money_fields = {
    'subtotal': 'subtotalPriceSet',
    'total_price': 'totalPriceSet',
    'current_total_price': 'currentTotalPriceSet',
    'total_discounts': 'totalDiscountsSet',
    'total_tax': 'totalTaxSet',
    'total_shipping': 'totalShippingPriceSet',
    'total_refunded': 'totalRefundedSet'
} -%}

with source as (

    select * from {{ source('shopify', 'orders') }}
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
        id as order_id,
        legacy_resource_id as order_legacy_id,
        {{ json_text('data', 'name') }} as order_name,
        coalesce(customer_id, {{ json_text('data', 'customer.id') }}) as customer_id,
        lower(trim({{ json_text('data', 'email') }})) as email,

        {{ json_timestamp('data', 'createdAt') }} as created_at,
        coalesce({{ json_timestamp('data', 'processedAt') }}, {{ json_timestamp('data', 'createdAt') }}) as processed_at,
        {{ json_timestamp('data', 'cancelledAt') }} as cancelled_at,
        {{ json_timestamp('data', 'closedAt') }} as closed_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        lower({{ json_text('data', 'cancelReason') }}) as cancel_reason,

        upper({{ json_text('data', 'displayFinancialStatus') }}) as financial_status,
        upper({{ json_text('data', 'displayFulfillmentStatus') }}) as fulfillment_status,
        {{ json_text('data', 'currencyCode') }} as shop_currency,
        {{ json_text('data', 'presentmentCurrencyCode') }} as presentment_currency,
        lower({{ json_text('data', 'sourceName') }}) as source_name,
        {{ json_array_text('data', 'tags') }} as tags,
        {{ json_array_text('data', 'discountCodes') }} as discount_codes,
        lower({{ json_array_first('data', 'discountCodes') }}) as first_discount_code,

        {%- for name, field in money_fields.items() %}
        coalesce({{ json_money('data', field ~ '.shopMoney.amount') }}, 0) as {{ name }}_shop_amount,
        coalesce({{ json_money('data', field ~ '.presentmentMoney.amount') }}, 0) as {{ name }}_presentment_amount,
        {%- endfor %}

        {{ json_int('data', 'customerJourneySummary.customerOrderIndex') }} as journey_customer_order_index,
        {{ json_int('data', 'customerJourneySummary.daysToConversion') }} as journey_days_to_conversion,
        lower({{ json_text('data', 'customerJourneySummary.firstVisit.source') }}) as first_visit_source,
        lower({{ json_text('data', 'customerJourneySummary.firstVisit.sourceType') }}) as first_visit_source_type,
        {{ json_text('data', 'customerJourneySummary.firstVisit.referrerUrl') }} as first_visit_referrer_url,
        {{ json_text('data', 'customerJourneySummary.firstVisit.landingPage') }} as first_visit_landing_page,
        lower({{ json_text('data', 'customerJourneySummary.firstVisit.utmParameters.source') }}) as first_visit_utm_source,
        lower({{ json_text('data', 'customerJourneySummary.firstVisit.utmParameters.medium') }}) as first_visit_utm_medium,
        lower({{ json_text('data', 'customerJourneySummary.firstVisit.utmParameters.campaign') }}) as first_visit_utm_campaign,
        {{ json_timestamp('data', 'customerJourneySummary.firstVisit.occurredAt') }} as first_visit_at,

        {{ json_bool('data', 'test') }} as is_test,
        {{ json_timestamp('data', 'cancelledAt') }} is not null as is_cancelled,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from latest

)

select * from renamed
