-- One row per order line with everything a report slices by: the sales fact. Incremental: a
-- later run adds the lines of newer loads (and lines whose order came later); when customers,
-- products, salespeople or departments changed, or orders other than by added rows, the runner
-- rebuilds it in full.
{{ config(materialized='incremental', unique_key='order_line_id') }}

with

lines as (

    select * from {{ ref('int_order_lines') }}

),

orders as (

    select * from {{ ref('int_orders') }}

),

{% if is_incremental() %}
built as (

    select coalesce(max(_load_id), -1) as load_id from {{ this }}

),
{% endif %}

customers as (

    select * from {{ ref('int_customers') }}

),

products as (

    select * from {{ ref('stg_products') }}

),

salespeople as (

    select * from {{ ref('stg_salespeople') }}

),

departments as (

    select * from {{ ref('stg_departments') }}

),

final as (

    select
        lines.order_line_id,
        lines.order_id,
        lines.line_number,
        orders.order_date,
        orders.is_return,
        orders.customer_id,
        coalesce(customers.customer_name, orders.customer_id) as customer_name,
        coalesce(customers.region, 'unknown') as region,
        coalesce(customers.province, 'unknown') as province,
        coalesce(customers.industry, 'unknown') as industry,
        lines.product_id,
        coalesce(products.product_name, lines.product_id) as product_name,
        coalesce(products.category, 'Uncategorised') as category,
        coalesce(orders.salesperson_id, 'unassigned') as salesperson_id,
        coalesce(salespeople.salesperson_name, orders.salesperson_id, 'unassigned') as salesperson_name,
        coalesce(orders.department_id, 'unassigned') as department_id,
        coalesce(departments.department_name, orders.department_id, 'unassigned') as department_name,
        lines.quantity,
        lines.revenue,
        lines.cost,
        lines.gross_profit,
        greatest(lines._load_id, orders._load_id) as _load_id

    from lines
    inner join orders on lines.order_id = orders.order_id
    left join customers on orders.customer_id = customers.customer_id
    left join products on lines.product_id = products.product_id
    left join salespeople on orders.salesperson_id = salespeople.salesperson_id
    left join departments on orders.department_id = departments.department_id
    {% if is_incremental() %}
    -- New lines, and earlier lines whose order arrived only now.
    cross join built
    where lines._load_id > built.load_id or orders._load_id > built.load_id
    {% endif %}

)

select * from final
