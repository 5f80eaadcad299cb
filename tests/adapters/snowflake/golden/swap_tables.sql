alter table analytics.marts.customer_ltv swap with analytics.marts.customer_ltv__dbt_tmp
