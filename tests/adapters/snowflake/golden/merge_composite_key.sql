merge into analytics.marts.customer_ltv as DBT_INTERNAL_DEST
using analytics.marts.customer_ltv__dbt_tmp as DBT_INTERNAL_SOURCE
on (DBT_INTERNAL_SOURCE."CUSTOMER_ID" = DBT_INTERNAL_DEST."CUSTOMER_ID" and DBT_INTERNAL_SOURCE."ORDER" = DBT_INTERNAL_DEST."ORDER")
when matched then update set
  "REVENUE" = DBT_INTERNAL_SOURCE."REVENUE"
when not matched then insert
  ("CUSTOMER_ID", "REVENUE", "ORDER")
values
  ("CUSTOMER_ID", "REVENUE", "ORDER")
