{{ config(materialized='table', tags=['predictive']) }}
{#- Customers grouped on their distinct (x, t_x, T): the purchase models see nothing else (clv.md §5), so
    only these few rows travel to the TypeScript fit/score nodes. sum_mbar lets them add up Gamma-Gamma
    expected spend per tuple (E[M] is linear in m̄ for a given x). -#}
select
    x,
    t_x_days,
    t_days,
    count(*) as customers,
    sum(case when x > 0 then mbar else 0 end) as sum_mbar
from {{ ref('clv_customer_rfm') }}
group by x, t_x_days, t_days
