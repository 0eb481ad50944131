-- Each customer's grades in every period as the JSON array its page shows: calendar periods first,
-- then the trailing twelve months. A step of int_customer_page_sections, made apart: in one query
-- with the page's other lists it needed more than 1.5 GB at 10M lines (an aggregate's lists stay in
-- memory until the query ends).
with

grades as (

    select * from {{ ref('customer_grades') }}

),

-- The list is made unordered and sorted afterwards (list_sort orders by the first field, then the
-- next): an aggregate's own ORDER BY buffers each customer's rows in blocks DuckDB cannot spill
-- (joined_in_window in macros/pages.sql says what a list costs, and joins texts in a window instead).
final as (

    select customer_id, to_json(list_transform(list_sort(list({rolling: case period when 'T12M-1' then 1 when 'T12M' then 2 else 0 end, period: period,
            grade: {period: period, grade: final_grade, abc: abc_grade, score: score, score_grade: score_grade,
            credit_score: credit_score, revenue_score: revenue_score, profit_score: profit_score,
            credit_points: credit_points, revenue_points: revenue_points, profit_points: profit_points, revenue: revenue,
            gross_profit: gross_profit, margin: margin_rate, orders: order_count, is_override: is_override, override_reason: override_reason}})),
        g -> g.grade)) as grades
    from grades
    group by 1

)

select * from final
