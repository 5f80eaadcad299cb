alter table analytics.marts.customer_ltv__dbt_tmp rename to analytics.marts.customer_ltv
