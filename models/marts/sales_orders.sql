-- The sales fact per order: its lines summed. An order has one date, customer, salesperson,
-- department and region, so whatever is sliced by those alone reads a third as many rows here
-- and counts orders without a distinct (see sales_orders.yml for who reads it). Incremental as sales_lines: a later
-- run makes again the orders that gained lines (or whose order row arrived) in newer loads.
{{ config(materialized='incremental', unique_key='order_id') }}

with

-- Not materialized: each use reads only the columns and rows it needs, where DuckDB would copy a CTE
-- named more than once whole, every row with all its columns (docs/incremental.md).
lines as not materialized (

    select * from {{ ref('sales_lines') }}

),

{% if is_incremental() %}
built as (

    select coalesce(max(_load_id), -1) as load_id from {{ this }}

),

-- Orders with a line of a newer load: made again from all their lines.
touched_orders as (

    select distinct lines.order_id
    from lines
    cross join built
    where lines._load_id > built.load_id

),
{% endif %}

final as (

    select
        lines.order_id,
        any_value(lines.order_date) as order_date,
        any_value(lines.is_return) as is_return,
        any_value(lines.customer_id) as customer_id,
        any_value(lines.customer_name) as customer_name,
        any_value(lines.region) as region,
        any_value(lines.salesperson_id) as salesperson_id,
        any_value(lines.salesperson_name) as salesperson_name,
        any_value(lines.department_id) as department_id,
        any_value(lines.department_name) as department_name,
        count(*) as line_count,
        sum(lines.quantity) as quantity,
        sum(lines.revenue) as revenue,
        sum(lines.gross_profit) as gross_profit,
        max(lines._load_id) as _load_id

    from lines
    {% if is_incremental() %}
    where lines.order_id in (select order_id from touched_orders)
    {% endif %}
    group by lines.order_id

)

select * from final
