drop view if exists analytics.marts.customer_ltv
