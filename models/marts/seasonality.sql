{#- One row per period grain (`day`, `week`, `month`) × period start. Revenue is booked when it happened:
    sales on the order date, refunds on the refund date (int_revenue_ledger), so a late refund lowers the
    month it was issued in, not the month of the sale. Weeks are ISO weeks (Monday start). Indices compare
    a day of week / month of year with the average one (1.0 = average); year-over-year growth compares a
    period with the same period a year earlier (day: same date, week: 52 weeks earlier, month: same month). -#}
{%- set grains = ['day', 'week', 'month'] -%}

with ledger as (

    select * from {{ ref('int_revenue_ledger') }}

),

customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

new_customers_per_day as (

    select order_date as event_date, count(*) as new_customers
    from customer_orders
    where is_first_order
    group by order_date

),

daily as (

    select
        ledger.event_date,
        sum(ledger.orders) as orders,
        sum(ledger.gross_shop_amount) as gross_revenue_shop_amount,
        sum(ledger.discount_shop_amount) as discount_shop_amount,
        sum(ledger.refunded_shop_amount) as refunded_shop_amount,
        sum(ledger.net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(ledger.gross_margin_shop_amount) as gross_margin_shop_amount
    from ledger
    group by ledger.event_date

),

periods as (

    {%- for grain in grains %}
    select
        '{{ grain }}' as period_grain,
        {{ date_trunc(grain, 'daily.event_date') }} as period_start,
        sum(daily.orders) as orders,
        sum(coalesce(new_customers_per_day.new_customers, 0)) as new_customers,
        sum(daily.gross_revenue_shop_amount) as gross_revenue_shop_amount,
        sum(daily.discount_shop_amount) as discount_shop_amount,
        sum(daily.refunded_shop_amount) as refunded_shop_amount,
        sum(daily.net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(daily.gross_margin_shop_amount) as gross_margin_shop_amount
    from daily
    left join new_customers_per_day on daily.event_date = new_customers_per_day.event_date
    group by 1, 2
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}

),

with_calendar as (

    select
        *,
        {{ iso_year('period_start') }} as iso_year,
        {{ iso_week('period_start') }} as iso_week,
        extract(month from period_start) as month_of_year,
        case when period_grain = 'day' then {{ iso_day_of_week('period_start') }} end as iso_day_of_week,
        case period_grain
            when 'day' then cast({{ dateadd('year', -1, 'period_start') }} as date)
            when 'week' then cast({{ dateadd('week', -52, 'period_start') }} as date)
            else cast({{ dateadd('year', -1, 'period_start') }} as date)
        end as prior_year_period_start
    from periods

),

day_of_week_index as (

    select
        iso_day_of_week,
        {{ safe_divide('avg(net_revenue_shop_amount)', "(select avg(net_revenue_shop_amount) from with_calendar where period_grain = 'day')") }} as day_of_week_index
    from with_calendar
    where period_grain = 'day'
    group by iso_day_of_week

),

month_of_year_index as (

    select
        month_of_year,
        {{ safe_divide('avg(net_revenue_shop_amount)', "(select avg(net_revenue_shop_amount) from with_calendar where period_grain = 'month')") }} as month_of_year_index
    from with_calendar
    where period_grain = 'month'
    group by month_of_year

),

final as (

    select
        {{ surrogate_key(['current_period.period_grain', 'current_period.period_start']) }} as seasonality_id,
        current_period.period_grain,
        current_period.period_start,
        current_period.iso_year,
        current_period.iso_week,
        current_period.month_of_year,
        current_period.iso_day_of_week,
        current_period.orders,
        current_period.new_customers,
        current_period.gross_revenue_shop_amount,
        current_period.discount_shop_amount,
        current_period.refunded_shop_amount,
        current_period.net_revenue_shop_amount,
        current_period.gross_margin_shop_amount,
        day_of_week_index.day_of_week_index,
        month_of_year_index.month_of_year_index,
        prior_period.net_revenue_shop_amount as prior_year_net_revenue_shop_amount,
        {{ safe_divide('current_period.net_revenue_shop_amount - prior_period.net_revenue_shop_amount', 'prior_period.net_revenue_shop_amount') }} as net_revenue_yoy_growth,
        {{ safe_divide('cast(current_period.orders - prior_period.orders as double)', 'prior_period.orders') }} as orders_yoy_growth
    from with_calendar as current_period
    left join with_calendar as prior_period
        on current_period.period_grain = prior_period.period_grain
        and current_period.prior_year_period_start = prior_period.period_start
    left join day_of_week_index
        on current_period.iso_day_of_week = day_of_week_index.iso_day_of_week
    left join month_of_year_index
        on current_period.period_grain = 'month'
        and current_period.month_of_year = month_of_year_index.month_of_year

)

select * from final
