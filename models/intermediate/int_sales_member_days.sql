-- Each member's sales per day, for every dimension sales are ranked by (customer, product,
-- category, salesperson, department, region): revenue, gross profit, quantity and orders.
-- int_period_member_sales sums these days per period (for topn, pareto and customer_grades): the
-- periods overlap (each month, YTD, T12M, ...) and would repeat every order and line in each. An
-- order has one date, so the distinct orders of a period are the sum of its days'.
-- Incremental by day: a day's sums depend on that day's lines alone, so a later run makes again only
-- the days with a line of a newer load, all their rows replacing the earlier ones (a new month's
-- exports: that month's days, not the years before).
{{ config(materialized='incremental', unique_key='order_date') }}
{# The last element: where the dimension's members are. An order has one customer, salesperson,
   department and region (sales_orders: orders counted without a distinct); products and
   categories are the lines' own (an order counts once under each it holds). #}
{% set dimensions = [
    ['customer', 'customer_id', 'customer_name', 'orders'],
    ['product', 'product_id', 'product_name', 'lines'],
    ['category', 'category', 'category', 'lines'],
    ['salesperson', 'salesperson_id', 'salesperson_name', 'orders'],
    ['department', 'department_id', 'department_name', 'orders'],
    ['region', 'region', 'region', 'orders']
] %}

with

-- Not materialized: each use reads only the columns and rows it needs, where DuckDB would copy a CTE
-- named more than once whole, every row with all its columns (docs/incremental.md).
lines as not materialized (

    select * from {{ ref('sales_lines') }}

),

orders as not materialized (

    select * from {{ ref('sales_orders') }}

),

{% if is_incremental() %}
-- Days with a line of a newer load (a new order, or lines added to an older one): made again from
-- all their lines and orders.
touched_days as (

    select distinct order_date
    from lines
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})

),
{% endif %}

member_days as (

    {% for d in dimensions %}
    select
        order_date,
        '{{ d[0] }}' as dimension,
        {{ d[1] }} as member_id,
        any_value({{ d[2] }}) as member_name,
        sum(revenue) as revenue,
        sum(gross_profit) as gross_profit,
        sum(quantity) as quantity,
        {% if d[3] == 'orders' %}count(*){% else %}count(distinct order_id){% endif %} filter (where not is_return) as order_count,
        max(_load_id) as _load_id
    from {{ d[3] }}
    {% if is_incremental() %}
    where order_date in (select order_date from touched_days)
    {% endif %}
    group by order_date, {{ d[1] }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select * from member_days

)

select * from final
