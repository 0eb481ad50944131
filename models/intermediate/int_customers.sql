-- Customers with their owner (name, else code) and the owner's department (name, else code), and
-- a region: the customer's own, else the region its owner's department covers, else its province.
with

customers as (

    select * from {{ ref('stg_customers') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

departments as (

    select * from {{ ref('stg_departments') }}

),

final as (

    select
        customers.customer_id,
        customers.customer_name,
        customers.customer_type,
        customers.industry,
        customers.province,
        customers.city,
        coalesce(customers.region, departments.region, nullif(customers.province, 'unknown'), 'unknown') as region,
        customers.employee_size,
        customers.lead_source,
        customers.salesperson_id,
        coalesce(salespeople.salesperson_name, customers.salesperson_id) as owner_name,
        salespeople.department_id,
        coalesce(departments.department_name, salespeople.department_id) as department_name,
        customers.created_date,
        customers.credit_limit,
        customers.payment_terms_days,
        customers.purchase_potential

    from customers
    left join salespeople on customers.salesperson_id = salespeople.salesperson_id
    left join departments on salespeople.department_id = departments.department_id

)

select * from final
