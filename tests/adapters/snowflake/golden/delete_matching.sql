delete from analytics.marts.customer_ltv as DBT_INTERNAL_DEST
where ("CUSTOMER_ID") in (
  select distinct "CUSTOMER_ID"
  from analytics.marts.customer_ltv__dbt_tmp as DBT_INTERNAL_SOURCE
)
