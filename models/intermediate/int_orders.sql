-- Orders credit the salesperson on the order, else the customer's owner; and that person's
-- department when the order names none. Incremental: a later run adds the orders of newer loads;
-- a change to the customers or salespeople rebuilds it in full.
{{ config(materialized='incremental', unique_key='order_id') }}

with

orders as (

    select * from {{ ref('stg_orders') }}
    {% if is_incremental() %}
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})
    {% endif %}

),

customers as (

    select * from {{ ref('int_customers') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

final as (

    select
        orders.order_id,
        orders.order_date,
        orders.customer_id,
        coalesce(orders.salesperson_id, customers.salesperson_id) as salesperson_id,
        coalesce(orders.department_id, salespeople.department_id, customers.department_id) as department_id,
        orders.order_type,
        orders.is_return,
        orders.status,
        orders._load_id

    from orders
    left join customers on orders.customer_id = customers.customer_id
    left join salespeople on coalesce(orders.salesperson_id, customers.salesperson_id) = salespeople.salesperson_id

)

select * from final
