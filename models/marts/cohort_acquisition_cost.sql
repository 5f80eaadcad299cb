{#- One row per acquisition month × acquisition channel: new customers, marketing spend from the optional
    `marketing_spend` seed (month × channel), CAC, LTV:CAC and payback. With no spend rows for a cell the
    spend-based columns are null, never zero or an error. LTV is the cumulative net revenue (and margin)
    per acquired customer to date; payback months is the first month since acquisition in which the
    cumulative gross margin per customer reached CAC (revenue twin alongside). -#}
with customer_orders as (

    select * from {{ ref('int_customer_orders') }}

),

acquisition as (

    select * from {{ ref('int_customer_acquisition') }}

),

spend as (

    select
        {{ date_trunc('month', 'cast(spend_month as date)') }} as spend_month,
        lower(trim(cast(channel as varchar))) as channel,
        sum(cast(spend_shop_amount as {{ money_type() }})) as spend_shop_amount
    from {{ ref('marketing_spend') }}
    group by 1, 2

),

cohorts as (

    select
        cohort_month,
        acquisition_channel,
        count(*) as new_customers
    from acquisition
    group by cohort_month, acquisition_channel

),

curve as (

    select
        acquisition.cohort_month,
        acquisition.acquisition_channel,
        customer_orders.months_since_first_order,
        sum(customer_orders.net_revenue_shop_amount) as net_revenue_shop_amount,
        sum(customer_orders.gross_margin_shop_amount) as gross_margin_shop_amount
    from customer_orders
    inner join acquisition on customer_orders.customer_key = acquisition.customer_key
    group by 1, 2, 3

),

cumulative as (

    select
        curve.*,
        sum(net_revenue_shop_amount) over (
            partition by cohort_month, acquisition_channel order by months_since_first_order
            rows between unbounded preceding and current row
        ) as cumulative_net_revenue_shop_amount,
        sum(gross_margin_shop_amount) over (
            partition by cohort_month, acquisition_channel order by months_since_first_order
            rows between unbounded preceding and current row
        ) as cumulative_gross_margin_shop_amount
    from curve

),

with_cac as (

    select
        cohorts.cohort_month,
        cohorts.acquisition_channel,
        cohorts.new_customers,
        spend.spend_shop_amount,
        {{ safe_divide('spend.spend_shop_amount', 'cohorts.new_customers') }} as cac_shop_amount
    from cohorts
    left join spend
        on cohorts.cohort_month = spend.spend_month
        and cohorts.acquisition_channel = spend.channel

),

payback as (

    select
        with_cac.cohort_month,
        with_cac.acquisition_channel,
        max(cumulative.cumulative_net_revenue_shop_amount) as ltv_net_revenue_total_shop_amount,
        max(cumulative.cumulative_gross_margin_shop_amount) as ltv_gross_margin_total_shop_amount,
        min(case when cumulative.cumulative_gross_margin_shop_amount / with_cac.new_customers >= with_cac.cac_shop_amount
            then cumulative.months_since_first_order end) as payback_months,
        min(case when cumulative.cumulative_net_revenue_shop_amount / with_cac.new_customers >= with_cac.cac_shop_amount
            then cumulative.months_since_first_order end) as revenue_payback_months
    from with_cac
    left join cumulative
        on with_cac.cohort_month = cumulative.cohort_month
        and with_cac.acquisition_channel = cumulative.acquisition_channel
    group by 1, 2

),

final as (

    select
        {{ surrogate_key(['with_cac.cohort_month', 'with_cac.acquisition_channel']) }} as cohort_acquisition_cost_id,
        with_cac.cohort_month,
        with_cac.acquisition_channel,
        with_cac.new_customers,
        with_cac.spend_shop_amount,
        cast(with_cac.cac_shop_amount as {{ money_type() }}) as cac_shop_amount,
        cast({{ safe_divide('payback.ltv_net_revenue_total_shop_amount', 'with_cac.new_customers') }} as {{ money_type() }}) as ltv_net_revenue_shop_amount,
        cast({{ safe_divide('payback.ltv_gross_margin_total_shop_amount', 'with_cac.new_customers') }} as {{ money_type() }}) as ltv_gross_margin_shop_amount,
        {{ safe_divide(safe_divide('payback.ltv_net_revenue_total_shop_amount', 'with_cac.new_customers'), 'with_cac.cac_shop_amount') }} as ltv_to_cac,
        {{ safe_divide(safe_divide('payback.ltv_gross_margin_total_shop_amount', 'with_cac.new_customers'), 'with_cac.cac_shop_amount') }} as margin_ltv_to_cac,
        payback.payback_months,
        payback.revenue_payback_months
    from with_cac
    left join payback
        on with_cac.cohort_month = payback.cohort_month
        and with_cac.acquisition_channel = payback.acquisition_channel

)

select * from final
