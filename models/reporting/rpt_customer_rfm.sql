{#- Reporting view over the customer_rfm mart for BI tools: `reporting.customer_rfm`. Columns are listed explicitly
    so the view's shape only changes when this file does. -#}
{{ config(alias='customer_rfm') }}

with customer_rfm as (

    select * from {{ ref('customer_rfm') }}

),

final as (

    select
        customer_id,
        as_of_date,
        last_order_date,
        recency_days,
        frequency,
        monetary_shop_amount,
        monetary_average_shop_amount,
        monetary_margin_shop_amount,
        recency_score,
        frequency_score,
        monetary_score,
        rf_cell,
        rfm_cell,
        rfm_score,
        segment
    from customer_rfm

)

select * from final
