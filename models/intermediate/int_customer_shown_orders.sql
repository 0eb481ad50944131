-- The orders a customer's page shows, one row each, written as JSON: the customer's latest
-- var('customer_page_orders') orders, the lines listed for the latest var('customer_page_order_lines').
-- int_customer_recent_orders joins them into each customer's list. Made apart from that list and from
-- page_customer_details: in one query with either, it needed more than 2 GB at 10M lines.
-- Incremental by customer: a customer's shown orders depend on its own orders alone (not on the
-- data's last date), so a later run makes again only the customers with an order of a newer load
-- (a new order, or one that gained lines), all their shown orders replacing the earlier ones. Their
-- latest orders are among those shown before and the new ones (an added load brings new orders and
-- lines, and never moves an order's date): only the new orders, and those whose lines come or go as
-- they cross the latest var('customer_page_order_lines'), are written again; the others keep their
-- JSON with their new place. At 10M lines the month's run wrote 1.17M orders' JSON again before.
{{ config(materialized='incremental', unique_key='customer_id') }}

with

-- Not materialized: each use reads only the columns and rows it needs (docs/incremental.md).
orders as not materialized (

    select * from {{ ref('sales_orders') }}

),

lines as (

    select * from {{ ref('sales_lines') }}

),

{% if is_incremental() %}
new_orders as (

    select customer_id, order_id, order_date, _load_id
    from orders
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})

),

-- The newest load of any of the customer's orders, shown or not: what a later run compares.
touched_customers as (

    select customer_id, max(_load_id) as _load_id
    from new_orders
    group by customer_id

),

-- The customers' orders shown before that no new load changed, with their JSON and their place then.
-- Not materialized: the places are read without the JSON, which only the orders kept as written read.
kept_orders as not materialized (

    select customer_id, order_id, order_date, recency as previous_recency, order_json
    from {{ this }}
    where customer_id in (select customer_id from touched_customers)
        and order_id not in (select order_id from new_orders)

),

placed_orders as (

    select *,
        -- Written again: the new orders, and those that gain or lose their lines with their new place.
        previous_recency is null
            or (previous_recency <= {{ var('customer_page_order_lines') }}) != (recency <= {{ var('customer_page_order_lines') }}) as is_written_again
    from (
        select candidates.*, touched_customers._load_id,
            row_number() over (partition by candidates.customer_id order by candidates.order_date desc, candidates.order_id desc) as recency
        from (
            select customer_id, order_id, order_date, previous_recency from kept_orders
            union all
            select customer_id, order_id, order_date, null from new_orders
        ) as candidates
        inner join touched_customers on candidates.customer_id = touched_customers.customer_id
        qualify recency <= {{ var('customer_page_orders') }}
    )

),

shown_orders as (

    select orders.customer_id, orders.order_id, orders.order_date, orders.salesperson_name, orders.is_return, orders.revenue,
        orders.gross_profit, orders.line_count, placed_orders.recency, placed_orders._load_id
    from placed_orders
    inner join orders on placed_orders.order_id = orders.order_id
    where placed_orders.is_written_again

),

-- Kept as written: the others, at their new place.
moved_orders as (

    select placed_orders.customer_id, placed_orders.order_id, placed_orders.order_date, placed_orders.recency,
        kept_orders.order_json, placed_orders._load_id
    from placed_orders
    inner join kept_orders on placed_orders.order_id = kept_orders.order_id
    where not placed_orders.is_written_again

),
{% else %}
shown_orders as (

    select customer_id, order_id, order_date, salesperson_name, is_return, revenue, gross_profit, line_count,
        row_number() over (partition by customer_id order by order_date desc, order_id desc) as recency,
        -- The newest load of any of the customer's orders, shown or not: what a later run compares.
        max(_load_id) over (partition by customer_id) as _load_id
    from orders
    qualify recency <= {{ var('customer_page_orders') }}

),
{% endif %}

-- Each shown line as its JSON text, numbered in its order and counted with it (one sort for both).
-- Lines are joined as text in a window (joined_in_window, macros/pages.sql), not listed by an
-- aggregate: at 10M lines (3.1M shown lines) list() made this model 2.18 GB of RSS alone, the
-- windows 1.73-1.75 GB, in the same 11-12 s, the same text.
shown_line_rows as (

    select order_id, line_number,
        to_json({line: line_number, product: product_name, category: category, quantity: quantity, revenue: revenue})::varchar as line_json,
        row_number() over (partition by order_id order by line_number) as position,
        count(*) over (partition by order_id order by line_number rows between unbounded preceding and unbounded following) as line_total
    from lines
    where order_id in (select order_id from shown_orders where recency <= {{ var('customer_page_order_lines') }})

),

-- The first line holds the order's lines (all line_total of them).
shown_lines as (

    select order_id,
        '[' || {{ joined_in_window('line_json', 'order_id', 'line_number', 'position = 1', 'line_total - 1') }} || ']' as lines
    from shown_line_rows
    qualify position = 1

),

order_documents as (

    -- Each order is written as JSON once, then joined: a list of structs holding lists, turned into
    -- JSON at the end, made the customer pages half of the model run (21 s of 47 s at 1M lines).
    -- Its lines' text is pasted in as to_json would write them, as the last field ("lines", null when
    -- they are not listed): text, so that int_customer_recent_orders joins it without parsing it.
    select shown_orders.customer_id, shown_orders.order_id, shown_orders.order_date, shown_orders.recency, shown_orders._load_id,
        to_json({order_id: shown_orders.order_id, date: strftime(shown_orders.order_date, '%Y-%m-%d'), salesperson: shown_orders.salesperson_name,
            is_return: shown_orders.is_return, revenue: shown_orders.revenue, gross_profit: shown_orders.gross_profit,
            line_count: shown_orders.line_count})::varchar as order_head,
        shown_lines.lines
    from shown_orders
    left join shown_lines on shown_orders.order_id = shown_lines.order_id

),

final as (

    select customer_id, order_id, order_date, recency,
        left(order_head, -1) || ',"lines":' || coalesce(lines, 'null') || '}' as order_json, _load_id
    from order_documents
    {% if is_incremental() %}
    union all
    select customer_id, order_id, order_date, recency, order_json, _load_id
    from moved_orders
    {% endif %}

)

select * from final
