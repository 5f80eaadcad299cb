{#- Reporting view over the customers mart for BI tools: `reporting.customers`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='customers') }}

with customers as (

    select * from {{ ref('customers') }}

),

final as (

    select
        customer_id,
        email,
        account_state,
        country_code,
        created_at,
        is_deleted,
        first_order_at,
        last_order_at,
        cohort_month,
        orders,
        units,
        gross_revenue_shop_amount,
        discount_shop_amount,
        refunded_shop_amount,
        net_revenue_shop_amount,
        gross_margin_shop_amount,
        average_order_value_shop_amount,
        average_order_margin_shop_amount,
        tenure_days,
        days_since_last_order,
        purchase_frequency_per_year,
        average_days_between_orders,
        refund_rate,
        refunded_orders,
        acquisition_channel,
        acquisition_source_name,
        acquisition_utm_source,
        acquisition_utm_medium,
        acquisition_utm_campaign,
        acquisition_referrer_host,
        acquisition_landing_page,
        first_discount_code,
        first_product_id,
        is_repeat_customer,
        as_of_date
    from customers

)

select * from final
