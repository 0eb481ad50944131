-- Each customer's sales per month as the JSON array its page shows (oldest month first), and its
-- order count. A step of int_customer_page_sections, made apart because it depends on the
-- customer's own orders alone, not on the data's last date.
-- Incremental by customer, as int_customer_shown_orders: a later run makes again only the customers
-- with an order of a newer load (a new order, or one that gained lines), from all their orders.
{{ config(materialized='incremental', unique_key='customer_id') }}

with

-- Not materialized: each use reads only the columns and rows it needs, where DuckDB would copy a CTE
-- named more than once whole, every row with all its columns (docs/incremental.md).
orders as not materialized (

    select * from {{ ref('sales_orders') }}

),

{% if is_incremental() %}
touched_customers as (

    select distinct customer_id
    from orders
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})

),
{% endif %}

customer_months as (

    select customer_id, date_trunc('month', order_date) as month, sum(revenue) as revenue, sum(gross_profit) as gross_profit,
        count(*) as order_count, max(_load_id) as _load_id
    from orders
    {% if is_incremental() %}
    where customer_id in (select customer_id from touched_customers)
    {% endif %}
    group by all

),

-- The list is made unordered and sorted afterwards (list_sort orders by the first field): an
-- aggregate's own ORDER BY buffers each customer's rows in blocks DuckDB cannot spill (see
-- int_customer_shown_orders).
final as (

    select customer_id, to_json(list_sort(list({month: strftime(month, '%Y-%m'), revenue: revenue, gross_profit: gross_profit}))) as monthly,
        sum(order_count) as order_count, max(_load_id) as _load_id
    from customer_months
    group by 1

)

select * from final
