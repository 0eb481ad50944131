-- Orders credit the salesperson on the order, else the customer's owner; and that person's
-- department when the order names none.
with

source as (

    select * from {{ source('tierboard', 'orders') }}

),

customers as (

    select * from {{ ref('stg_customers') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

final as (

    select
        source.order_id,
        source.order_date,
        source.customer_id,
        coalesce(source.salesperson_id, customers.salesperson_id) as salesperson_id,
        coalesce(source.department_id, salespeople.department_id, customers.department_id) as department_id,
        coalesce(source.order_type, 'sale') as order_type,
        lower(coalesce(source.order_type, '')) in ('return', 'returns', '退货', '退货单', 'credit') as is_return,
        source.status

    from source
    left join customers on source.customer_id = customers.customer_id
    left join salespeople on coalesce(source.salesperson_id, customers.salesperson_id) = salespeople.salesperson_id

)

select * from final
