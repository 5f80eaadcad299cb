-- Cohort sizes add up to the buying customers, and each customer sits in exactly one cohort month.
with retention as (

    select cohort_month, max(cohort_size) as cohort_size
    from {{ ref('cohort_retention') }}
    group by cohort_month

),

customers as (

    select cohort_month, count(*) as buyers
    from {{ ref('customers') }}
    where orders > 0
    group by cohort_month

)

select
    coalesce(retention.cohort_month, customers.cohort_month) as cohort_month,
    retention.cohort_size,
    customers.buyers
from retention
full outer join customers on retention.cohort_month = customers.cohort_month
where coalesce(retention.cohort_size, -1) <> coalesce(customers.buyers, -1)
