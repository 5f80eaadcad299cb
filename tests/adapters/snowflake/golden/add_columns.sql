alter table analytics.marts.customer_ltv add column "CHURN_PROBABILITY" FLOAT, "SEGMENT" VARCHAR
