{%- set money_fields = {
    'subtotal': 'subtotalPriceSet',
    'total_price': 'totalPriceSet',
    'current_total_price': 'currentTotalPriceSet',
    'total_discounts': 'totalDiscountsSet',
    'total_tax': 'totalTaxSet',
    'total_shipping': 'totalShippingPriceSet',
    'total_refunded': 'totalRefundedSet'
} -%}

{#- Every path read from `data` (macros/cross_db/json.sql: a STRUCT field on DuckDB, one JSON parse per row
    where `data` is JSON text). -#}
{%- set paths = [
    'name', 'customer.id', 'email', 'test', 'tags', 'discountCodes', 'discountCodes[0]',
    'createdAt', 'processedAt', 'cancelledAt', 'closedAt', 'cancelReason',
    'displayFinancialStatus', 'displayFulfillmentStatus', 'currencyCode', 'presentmentCurrencyCode', 'sourceName',
    'subtotalPriceSet.shopMoney.amount', 'subtotalPriceSet.presentmentMoney.amount',
    'totalPriceSet.shopMoney.amount', 'totalPriceSet.presentmentMoney.amount',
    'currentTotalPriceSet.shopMoney.amount', 'currentTotalPriceSet.presentmentMoney.amount',
    'totalDiscountsSet.shopMoney.amount', 'totalDiscountsSet.presentmentMoney.amount',
    'totalTaxSet.shopMoney.amount', 'totalTaxSet.presentmentMoney.amount',
    'totalShippingPriceSet.shopMoney.amount', 'totalShippingPriceSet.presentmentMoney.amount',
    'totalRefundedSet.shopMoney.amount', 'totalRefundedSet.presentmentMoney.amount',
    'customerJourneySummary.customerOrderIndex', 'customerJourneySummary.daysToConversion',
    'customerJourneySummary.firstVisit.source', 'customerJourneySummary.firstVisit.sourceType',
    'customerJourneySummary.firstVisit.referrerUrl', 'customerJourneySummary.firstVisit.landingPage',
    'customerJourneySummary.firstVisit.utmParameters.source', 'customerJourneySummary.firstVisit.utmParameters.medium',
    'customerJourneySummary.firstVisit.utmParameters.campaign', 'customerJourneySummary.firstVisit.occurredAt'
] -%}

with source as (

    select * from {{ source('shopify', 'orders') }}

),

parsed as (

    select
        id,
        legacy_resource_id,
        customer_id,
        updated_at,
        is_deleted,
        _synced_at,
        -- integer candidates for the keys, computed once here (macros/cross_db/gid_key.sql)
        {{ gid_number('id', 'Order') }} as id_number,
        {{ gid_number("coalesce(customer_id, " ~ json_text('data', 'customer.id') ~ ")", 'Customer') }} as customer_number,
        {{ json_parse('data', paths) }} as fields
    from source

),

renamed as (

    select
        id as order_id,
        {{ gid_key('id', 'Order', 'id_number') }} as order_key,
        legacy_resource_id as order_legacy_id,
        {{ json_text('fields', 'name', paths) }} as order_name,
        coalesce(customer_id, {{ json_text('fields', 'customer.id', paths) }}) as customer_id,
        {{ gid_key("coalesce(customer_id, " ~ json_text('fields', 'customer.id', paths) ~ ")", 'Customer', 'customer_number') }} as customer_key,
        lower(trim({{ json_text('fields', 'email', paths) }})) as email,

        {{ json_timestamp('fields', 'createdAt', paths) }} as created_at,
        coalesce({{ json_timestamp('fields', 'processedAt', paths) }}, {{ json_timestamp('fields', 'createdAt', paths) }}) as processed_at,
        {{ json_timestamp('fields', 'cancelledAt', paths) }} as cancelled_at,
        {{ json_timestamp('fields', 'closedAt', paths) }} as closed_at,
        {{ to_utc_timestamp('updated_at') }} as updated_at,
        lower({{ json_text('fields', 'cancelReason', paths) }}) as cancel_reason,

        upper({{ json_text('fields', 'displayFinancialStatus', paths) }}) as financial_status,
        upper({{ json_text('fields', 'displayFulfillmentStatus', paths) }}) as fulfillment_status,
        {{ json_text('fields', 'currencyCode', paths) }} as shop_currency,
        {{ json_text('fields', 'presentmentCurrencyCode', paths) }} as presentment_currency,
        lower({{ json_text('fields', 'sourceName', paths) }}) as source_name,
        {{ json_array_text('fields', 'tags', paths) }} as tags,
        {{ json_array_text('fields', 'discountCodes', paths) }} as discount_codes,
        lower({{ json_array_first('fields', 'discountCodes', paths) }}) as first_discount_code,

        {%- for name, field in money_fields.items() %}
        coalesce({{ json_money('fields', field ~ '.shopMoney.amount', paths) }}, 0) as {{ name }}_shop_amount,
        coalesce({{ json_money('fields', field ~ '.presentmentMoney.amount', paths) }}, 0) as {{ name }}_presentment_amount,
        {%- endfor %}

        {{ json_int('fields', 'customerJourneySummary.customerOrderIndex', paths) }} as journey_customer_order_index,
        {{ json_int('fields', 'customerJourneySummary.daysToConversion', paths) }} as journey_days_to_conversion,
        lower({{ json_text('fields', 'customerJourneySummary.firstVisit.source', paths) }}) as first_visit_source,
        lower({{ json_text('fields', 'customerJourneySummary.firstVisit.sourceType', paths) }}) as first_visit_source_type,
        {{ json_text('fields', 'customerJourneySummary.firstVisit.referrerUrl', paths) }} as first_visit_referrer_url,
        {{ json_text('fields', 'customerJourneySummary.firstVisit.landingPage', paths) }} as first_visit_landing_page,
        lower({{ json_text('fields', 'customerJourneySummary.firstVisit.utmParameters.source', paths) }}) as first_visit_utm_source,
        lower({{ json_text('fields', 'customerJourneySummary.firstVisit.utmParameters.medium', paths) }}) as first_visit_utm_medium,
        lower({{ json_text('fields', 'customerJourneySummary.firstVisit.utmParameters.campaign', paths) }}) as first_visit_utm_campaign,
        {{ json_timestamp('fields', 'customerJourneySummary.firstVisit.occurredAt', paths) }} as first_visit_at,

        {{ json_bool('fields', 'test', paths) }} as is_test,
        {{ json_text('fields', 'cancelledAt', paths) }} is not null as is_cancelled,
        coalesce(is_deleted, false) as is_deleted,
        {{ to_utc_timestamp('_synced_at') }} as synced_at
    from parsed

)

select * from renamed
