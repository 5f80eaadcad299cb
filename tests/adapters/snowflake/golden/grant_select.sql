grant select on table analytics.marts.customer_ltv to role "REPORTER";
grant select on table analytics.marts.customer_ltv to role "BI_READER"
