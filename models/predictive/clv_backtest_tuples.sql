{{ config(materialized='table', tags=['predictive']) }}
{#- Backtest inputs: customers acquired before the backtest cut, grouped on their calibration tuple, spend
    and what they actually did in the held-out window (so model and baselines are scored per customer). -#}
select
    bt_x as x,
    bt_t_x_days as t_x_days,
    bt_t_days as t_days,
    round(bt_mbar, 2) as mbar,
    holdout_purchase_days,
    count(*) as customers,
    sum(holdout_revenue) as holdout_revenue
from {{ ref('clv_customer_rfm') }}
where first_order_date < backtest_as_of_date
group by 1, 2, 3, 4, 5
