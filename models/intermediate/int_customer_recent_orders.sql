-- Each customer's shown orders (int_customer_shown_orders) as the JSON array its page shows: newest
-- day first, a day's orders by id. Its own model: joining the lists in the query that writes the
-- orders, or in page_customer_details, needed more than 2 GB at 10M lines (an aggregate's lists stay
-- in memory until the query ends).
with

shown_orders as (

    select * from {{ ref('int_customer_shown_orders') }}

),

-- The list is made unordered and sorted afterwards (list_sort orders by the first field, then the
-- next): an aggregate's own ORDER BY buffers each group's rows in blocks DuckDB cannot spill. At
-- 10M lines, string_agg(... order by) here took 74 s and ran out of memory under 3 GB.
final as (

    select customer_id,
        ('[' || array_to_string(list_transform(list_sort(list({newest: -(order_date - date '1970-01-01'), order_id: order_id, order_json: order_json})),
            o -> o.order_json), ',') || ']')::json as orders
    from shown_orders
    group by 1

)

select * from final
