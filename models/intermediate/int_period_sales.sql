-- Sales per calendar period and member, for the breakdowns whose members an order keeps for good:
-- none, department, salesperson and region (the order's own), and category (its lines'). Every
-- member, not only a breakdown's largest: period_comparison picks those, and adds what rolls with
-- the data's last date (the grade breakdown, each breakdown's '(others)', the partial periods).
-- Incremental by period: a period's sums depend on its own orders alone, so a later run makes again
-- only the periods (of each grain) that hold an order of a newer load, all their rows replacing the
-- earlier ones: a new month of exports recomputes that month, its quarter, its year and its weeks,
-- not the years before.
{{ config(materialized='incremental', unique_key=['grain', 'period_start']) }}
{% set grains = ['year', 'quarter', 'month', 'week'] %}
{# As period_comparison's breakdowns: [name, member, member name]. #}
{% set order_breakdowns = [
    ['none', "'all'", "'All'"],
    ['department', 'department_id', 'department_name'],
    ['salesperson', 'salesperson_id', 'salesperson_name'],
    ['region', 'region', 'region']
] %}

with

-- Not materialized: each use reads only the columns and rows it needs (docs/incremental.md).
orders as not materialized (

    select * from {{ ref('sales_orders') }}

),

lines as not materialized (

    select * from {{ ref('sales_lines') }}

),

{% if is_incremental() %}
built as (

    select coalesce(max(_load_id), -1) as load_id from {{ this }}

),

-- The days of the orders of a newer load (a new order, or one that gained lines: sales_orders
-- carries the newest load of its lines), found in one scan of the orders.
touched_dates as (

    select distinct orders.order_date
    from orders
    cross join built
    where orders._load_id > built.load_id

),

-- The periods, of every grain, that hold one of those days.
touched_periods as (

    {% for g in grains %}
    select distinct '{{ g }}' as grain, {{ period_start('touched_dates.order_date', g) }} as period_start
    from touched_dates
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

-- The first day any touched period starts on: the orders before it are in no touched period.
touched_from as (

    select min(period_start) as first_date from touched_periods

),
{% endif %}

order_sales as (

    select
        orders.order_id,
        orders.order_date,
        orders.is_return,
        orders.customer_id,
        orders.department_id,
        orders.department_name,
        orders.salesperson_id,
        orders.salesperson_name,
        orders.region,
        orders.revenue,
        orders.gross_profit,
        orders._load_id,
        {{ period_starts('orders.order_date', grains) }}

    from orders
    {% if is_incremental() %}
    where orders.order_date >= (select first_date from touched_from)
    {% endif %}

),

-- Each order's lines per category: within one category and period an order is one row, and counts
-- without a distinct.
category_orders as (

    select
        lines.order_id,
        lines.category,
        {{ order_sales_from_lines('lines') }},
        max(lines._load_id) as _load_id

    from lines
    {% if is_incremental() %}
    where lines.order_date >= (select first_date from touched_from)
    {% endif %}
    group by lines.order_id, lines.category

),

category_sales as (

    select
        category_orders.*,
        {{ period_starts('category_orders.order_date', grains) }}

    from category_orders

),

{% macro member_values(relation, b, g) %}
    select
        {{ member_columns(b, g) }},
        {{ sales_measures('orders') }},
        max(_load_id) as _load_id
    from {{ relation }}
    where {{ g }}_start is not null
    group by {{ g }}_start, {{ b[1] }}
{% endmacro %}

period_values as (

    {% for g in grains %}
    {% for b in order_breakdowns %}
    {{ member_values('order_sales', b, g) }}
    union all
    {% endfor %}
    {{ member_values('category_sales', ['category', 'category', 'category'], g) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

final as (

    select period_values.*
    from period_values
    {% if is_incremental() %}
    inner join touched_periods
        on period_values.grain = touched_periods.grain
        and period_values.period_start = touched_periods.period_start
    {% endif %}

)

select * from final
