create or replace table analytics.marts.customer_ltv as (
select customer_id, sum(total_price) as revenue from analytics.staging.stg_shopify__orders group by 1
)
