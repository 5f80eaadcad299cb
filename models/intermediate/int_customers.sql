{#- One row per customer: every customer the customers stream holds, plus customers known only from their
    orders. Shopify refuses to delete a customer who has orders, so an order whose customer is missing from
    the customers stream points at a customer not synced yet (created after the last customers sync, or the
    app lacks read_customers) or erased on a privacy request. Either way they bought: their revenue orders
    count, so the customers mart must hold a row for them or its totals disagree with int_orders. -#}
with customers as (

    select * from {{ ref('stg_shopify__customers') }}

),

orders as (

    select * from {{ ref('stg_shopify__orders') }}

),

customer_ids as (

    select customer_id, customer_key from customers
    union
    select customer_id, customer_key from orders
    where customer_id is not null and not is_deleted

),

final as (

    select
        customer_ids.customer_id,
        customer_ids.customer_key,
        customers.email,
        customers.first_name,
        customers.last_name,
        customers.account_state,
        customers.country_code,
        customers.created_at,
        coalesce(customers.is_deleted, false) as is_deleted,
        customers.customer_id is not null as is_in_customers_stream
    from customer_ids
    left join customers on customer_ids.customer_key = customers.customer_key

)

select * from final
