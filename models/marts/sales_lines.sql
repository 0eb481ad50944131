-- One row per order line with everything a report slices by: the sales fact. Incremental: a
-- later run adds the lines of newer loads (and lines whose order came later); when customers,
-- products, salespeople or departments changed, or orders other than by added rows, the runner
-- rebuilds it in full.
{{ config(materialized='incremental', unique_key='order_line_id') }}

with

-- Not materialized: each use reads only the columns and rows it needs, where DuckDB would copy a CTE
-- named more than once whole, every row with all its columns (docs/incremental.md).
lines as not materialized (

    select * from {{ ref('int_order_lines') }}

),

orders as not materialized (

    select * from {{ ref('int_orders') }}

),

{% if is_incremental() %}
built as (

    select coalesce(max(_load_id), -1) as load_id from {{ this }}

),

-- New lines, and earlier lines whose order arrived only now; read apart, as one condition on
-- both would join every line to its order first.
new_lines as (

    select lines.*
    from lines
    cross join built
    where lines._load_id > built.load_id
    union all
    select lines.*
    from lines
    cross join built
    where lines._load_id <= built.load_id
        and lines.order_id in (select orders.order_id from orders cross join built where orders._load_id > built.load_id)

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

    from {% if is_incremental() %}new_lines{% else %}lines{% endif %} as lines
    inner join orders on lines.order_id = orders.order_id
    left join customers on orders.customer_id = customers.customer_id
    left join products on lines.product_id = products.product_id
    left join salespeople on orders.salesperson_id = salespeople.salesperson_id
    left join departments on orders.department_id = departments.department_id

)

select * from final
