merge into analytics.marts.customer_ltv as DBT_INTERNAL_DEST
using analytics.marts.customer_ltv__dbt_tmp as DBT_INTERNAL_SOURCE
on (FALSE)
when not matched then insert
  ("CUSTOMER_ID", "REVENUE", "ORDER")
values
  ("CUSTOMER_ID", "REVENUE", "ORDER")
