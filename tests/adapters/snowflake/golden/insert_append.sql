insert into analytics.marts.customer_ltv ("CUSTOMER_ID", "REVENUE", "ORDER")
(
  select "CUSTOMER_ID", "REVENUE", "ORDER"
  from analytics.marts.customer_ltv__dbt_tmp
)
