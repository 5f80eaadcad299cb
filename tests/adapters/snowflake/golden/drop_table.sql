drop table if exists analytics.marts.customer_ltv
