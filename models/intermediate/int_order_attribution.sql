{#- One row per order: where it came from (sales channel, first visit, UTM parameters, referrer, landing
    page, discount code) and the one channel it is attributed to. The channel rule lives here, once.
    A view over staging, not a table: these are text columns, which cost the most to write (at 1M orders
    ~0.1–0.2 CPU-s each), and only two models read them, each a few columns (a view computes only those):
    marketing_performance for every revenue order, int_customer_acquisition for first orders. -#}
{{ config(materialized='view') }}

with orders as (

    select * from {{ ref('stg_shopify__orders') }}

),

final as (

    select
        order_key,
        order_id,
        -- one channel per order, most specific first: tagged campaign, then the visit's source, then the sales channel
        coalesce(first_visit_utm_source, first_visit_source, source_name, 'unknown') as channel,
        source_name,
        first_visit_source,
        first_visit_utm_source,
        first_visit_utm_medium,
        first_visit_utm_campaign,
        {{ url_host('first_visit_referrer_url') }} as referrer_host,
        first_visit_landing_page as landing_page,
        first_discount_code,
        discount_codes
    from orders

)

select * from final
