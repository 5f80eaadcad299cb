{{ config(materialized='table', tags=['predictive']) }}
{#- Repeat customers grouped on (x, m̄ to the cent): the Gamma-Gamma spend model's input (clv.md §3). -#}
select
    x,
    round(mbar, 2) as mbar,
    count(*) as customers
from {{ ref('clv_customer_rfm') }}
where x > 0 and mbar > 0
group by x, round(mbar, 2)
