-- Each customer's shown orders (int_customer_shown_orders) as the JSON array its page shows: newest
-- day first, a day's orders by id. Text, not the JSON type: page_customer_details pastes it into the
-- document as it is, and a cast to JSON would parse every list only to check it (1 s at 10M lines).
-- Its own model: joining the lists in the query that writes the orders, or in page_customer_details,
-- needed more than 2 GB at 10M lines.
-- Incremental by customer, as int_customer_shown_orders: a later run joins again only the lists of
-- the customers whose shown orders were made again.
{{ config(materialized='incremental', unique_key='customer_id') }}

with

-- Not materialized: each use reads only the columns and rows it needs (docs/incremental.md).
shown_orders as not materialized (

    select * from {{ ref('int_customer_shown_orders') }}

),

{% if is_incremental() %}
touched_customers as (

    select distinct customer_id
    from shown_orders
    where _load_id > (select coalesce(max(_load_id), -1) from {{ this }})

),
{% endif %}

-- A window over each customer's orders, not a group by (joined_in_window, macros/pages.sql): a group
-- by held every customer's list at once, in memory DuckDB cannot spill: at 10M lines it ran out of
-- memory under 1.5 GB (2.5 GB of RSS under 2 GB) and was behind the whole build's peaks above 3 GB;
-- the window ran in 1 GB. An aggregate's own ORDER BY (string_agg(... order by)) ran out of memory
-- under 2 GB. The row kept (recency 1) frames the customer's every order (a customer has at most
-- var('customer_page_orders')).
customer_orders as (

    select customer_id, recency, _load_id,
        {{ joined_in_window('order_json', 'customer_id', 'order_date desc, order_id', 'recency = 1', var('customer_page_orders')) }} as order_list
    from shown_orders
    {% if is_incremental() %}
    where customer_id in (select customer_id from touched_customers)
    {% endif %}

),

final as (

    select customer_id, '[' || order_list || ']' as orders, _load_id
    from customer_orders
    where recency = 1

)

select * from final
