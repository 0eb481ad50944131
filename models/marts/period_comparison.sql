-- Period comparisons (同比 / 环比) per grain, metric, breakdown and member, on a calendar spine
-- so that a period with no sales is a zero rather than a gap. See period_comparison.yml.
{% set grains = ['year', 'quarter', 'month', 'week'] %}
{# An order has one department, salesperson, region and customer (so one grade): those breakdowns
   read sales_orders. Category is the lines' own: an order counts under each category it holds. #}
{% set order_breakdowns = [
    ['none', "'all'", "'All'"],
    ['department', 'department_id', 'department_name'],
    ['salesperson', 'salesperson_id', 'salesperson_name'],
    ['region', 'region', 'region'],
    ['grade', 'grade', 'grade']
] %}
{% set line_breakdowns = [
    ['category', 'category', 'category']
] %}
{# A member's own sales, where an order keeps its member for good (its department, salesperson and
   region, its lines' categories), come from int_period_sales; a customer's grade moves with the
   data's last date, so the grade breakdown is grouped here. #}
{% set kept_breakdowns = [order_breakdowns[1], order_breakdowns[2], order_breakdowns[3]] %}
{% set rolling_breakdowns = [order_breakdowns[4]] %}
with

period_sales as (

    select * from {{ ref('int_period_sales') }}

),

orders as (

    select * from {{ ref('sales_orders') }}

),

-- Not materialized: each use reads only the columns and rows it needs (docs/incremental.md).
lines as not materialized (

    select * from {{ ref('sales_lines') }}

),

payments as (

    select * from {{ ref('int_payments') }}

),

customer_first_orders as (

    select * from {{ ref('int_customer_first_orders') }}

),

grades as (

    select * from {{ ref('customer_grades') }} where period = 'T12M'

),

dates as (

    select * from {{ ref('report_dates') }}

),

-- Each customer's attributes for customer-level metrics: its owner, and its current grade.
customer_attributes as (

    select * from {{ ref('customer_segments') }}

),

last_12_months as (

    select * from {{ ref('periods') }} where period = 'T12M'

),

order_sales as (

    select
        orders.*,
        coalesce(grades.final_grade, 'ungraded') as grade,
        {{ period_starts('orders.order_date', grains) }}

    from orders
    left join grades on orders.customer_id = grades.customer_id

),

-- The lines with their periods, for the category breakdown's partial periods (an order counts once
-- under each category it holds: its orders are counted distinct).
category_sales as (

    select
        lines.order_id,
        lines.category,
        lines.order_date,
        lines.is_return,
        lines.customer_id,
        lines.revenue,
        lines.gross_profit,
        {{ period_starts('lines.order_date', grains) }}

    from lines

),

-- The members a breakdown draws as lines: its largest by revenue over the last 12 months (var
-- growth_breakdown_lines of them); every other member, and lines without one, are '(others)'.
top_members as (

    {% macro largest(b, relation) %}
    select * from (
        select
            '{{ b[0] }}' as breakdown,
            cast({{ b[1] }} as varchar) as member,
            row_number() over (order by sum(sales.revenue) desc, cast({{ b[1] }} as varchar)) as member_rank
        from {{ relation }} as sales
        inner join last_12_months on sales.order_date between last_12_months.period_start and last_12_months.period_end
        where {{ b[1] }} is not null
        group by {{ b[1] }}
    ) where member_rank <= {{ var('growth_breakdown_lines') }}
    {% endmacro %}
    {# line_breakdowns are never empty: every order breakdown's select is followed by a union. #}
    {% for b in order_breakdowns %}{% if b[0] != 'none' %}
    {{ largest(b, 'order_sales') }}
    union all
    {% endif %}{% endfor %}
    {% for b in line_breakdowns %}
    {{ largest(b, 'lines') }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

first_orders as (

    select
        customer_attributes.*,
        cast(null as varchar) as category,
        first_order.first_order_date,
        {{ period_starts('first_order.first_order_date', grains) }}

    from customer_first_orders as first_order
    inner join customer_attributes on first_order.customer_id = customer_attributes.customer_id

),

-- Each customer's segment (its department, owner, region and grade) as a number: receipts are
-- summed per segment and day on two narrow keys, then given the segment's columns (grouping by
-- the six columns took 2 s of CPU at 10M lines).
customer_segment_numbers as (

    select
        *,
        dense_rank() over (order by department_id, department_name, salesperson_id, salesperson_name, region, grade) as segment_number

    from customer_attributes

),

segment_numbers as (

    select distinct segment_number, department_id, department_name, salesperson_id, salesperson_name, region, grade
    from customer_segment_numbers

),

-- Receipts per day and member: only summed, so one day's payments of the same members add up
-- before every grain and breakdown groups them again (half the rows at 10M lines).
receipts as (

    select
        segment_numbers.department_id,
        segment_numbers.department_name,
        segment_numbers.salesperson_id,
        segment_numbers.salesperson_name,
        segment_numbers.region,
        segment_numbers.grade,
        cast(null as varchar) as category,
        daily_receipts.payment_date,
        daily_receipts.amount,
        {{ period_starts('daily_receipts.payment_date', grains) }}

    from (
        select customer_segment_numbers.segment_number, payments.payment_date, sum(payments.amount) as amount
        from payments
        inner join customer_segment_numbers on payments.customer_id = customer_segment_numbers.customer_id
        group by all
    ) as daily_receipts
    inner join segment_numbers on daily_receipts.segment_number = segment_numbers.segment_number

),

-- The category breakdown's '(others)': the lines outside its largest categories (and those without
-- one), an order's together, so that its orders count without a distinct over every line.
category_other_orders as (

    select
        *,
        {{ period_starts('other_lines.order_date', grains) }}

    from (
        select
            lines.order_id,
            {{ order_sales_from_lines('lines') }}

        from lines
        where lines.category is null
            or lines.category not in (select member from top_members where breakdown = 'category')
        group by lines.order_id
    ) as other_lines

),

-- Every grain x breakdown (of `cuts`) of a relation that carries <grain>_start columns; rows
-- whose period start is null (not in that grain) are dropped. With `members` false, only each
-- breakdown's '(others)' (then `cuts` holds no 'none'); with `outside` as well, the relation holds
-- only rows outside each breakdown's largest members, all of them its '(others)'.
{% macro grouped(relation, measures, cuts, members=true, outside=false) %}
    select * from (
    {% for g in grains %}{% set first_grain = loop.first %}{% for b in cuts %}
    {% if not (first_grain and loop.first) %}union all{% endif %}
    {% if members %}
    select
        {{ member_columns(b, g) }},
        {{ measures }}
    from {{ relation }}
    group by {{ g }}_start, {{ b[1] }}
    {% if b[0] != 'none' %}union all{% endif %}
    {% endif %}
    {% if b[0] != 'none' %}
    -- The breakdown's other members together, counted afresh: a customer or an order can
    -- count under several members (categories, the order's salesperson), so 'others' is not a sum.
    select
        '{{ g }}' as grain,
        {{ g }}_start as period_start,
        '{{ b[0] }}' as breakdown,
        '(others)' as member,
        'Others' as member_name,
        {{ measures }}
    from {{ relation }}
    {% if not outside %}
    where cast({{ b[1] }} as varchar) is null
        or cast({{ b[1] }} as varchar) not in (select member from top_members where breakdown = '{{ b[0] }}')
    {% endif %}
    group by {{ g }}_start
    {% endif %}
    {% endfor %}{% endfor %}
    ) where period_start is not null
{% endmacro %}

{# One row per order (the orders; the category breakdown's '(others)', an order's lines outside its
   largest categories together): orders count without a distinct. One row per line (the categories
   of the partial periods): an order can hold several lines of a category, so those count distinct
   orders (int_period_sales counts each category's own orders per order and category, without a
   distinct). #}
{% set order_measures = sales_measures('orders') %}
{% set line_measures = sales_measures('lines') %}

{% macro long_format(sales_values, new_values, receipt_values) %}
    select grain, period_start, breakdown, member, member_name, 'revenue' as metric, revenue as value from {{ sales_values }}
    union all
    select grain, period_start, breakdown, member, member_name, 'gross_profit', gross_profit from {{ sales_values }}
    union all
    select grain, period_start, breakdown, member, member_name, 'order_count', order_count from {{ sales_values }}
    union all
    select grain, period_start, breakdown, member, member_name, 'active_customers', active_customers from {{ sales_values }}
    union all
    select grain, period_start, breakdown, member, member_name, 'new_customers', new_customers from {{ new_values }}
    union all
    select grain, period_start, breakdown, member, member_name, 'receipts', receipts from {{ receipt_values }}
{% endmacro %}

-- Each member's own sales where its orders keep it (int_period_sales, made again only for the
-- periods a load touches); the grade breakdown (customers' grades move with the last date) and
-- every breakdown's '(others)' (its largest members are those of the last 12 months) here.
sales_values as (

    select grain, period_start, breakdown, member, member_name, revenue, gross_profit, order_count, active_customers
    from period_sales
    union all
    {{ grouped('order_sales', order_measures, rolling_breakdowns) }}
    union all
    {{ grouped('order_sales', order_measures, kept_breakdowns, members=false) }}
    union all
    {{ grouped('category_other_orders', order_measures, line_breakdowns, members=false, outside=true) }}

),

new_customer_values as (

    {{ grouped('first_orders', "count(*) as new_customers", order_breakdowns) }}

),

receipt_values as (

    {{ grouped('receipts', "sum(amount) as receipts", order_breakdowns) }}

),

metric_values as (

    {{ long_format('sales_values', 'new_customer_values', 'receipt_values') }}

),

-- The calendar: every period of every grain from the first order to the as-of date.
spine as (

    {% for g in grains %}
    select
        '{{ g }}' as grain,
        cast(p as date) as period_start,
        cast(p + interval 1 {{ g }} - interval 1 day as date) as period_end
    from dates, range(
        {{ period_start('dates.first_order_date', g) }},
        {{ period_start('dates.as_of_date', g) }} + interval 1 day,
        interval 1 {{ g }}
    ) as t(p)
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

members as (

    select breakdown, metric, member, min(member_name) as member_name
    from metric_values
    group by all

),

filled as (

    select
        spine.grain,
        spine.period_start,
        spine.period_end,
        members.metric,
        members.breakdown,
        members.member,
        members.member_name,
        coalesce(metric_values.value, 0) as value

    from spine
    cross join members
    left join metric_values
        on metric_values.grain = spine.grain
        and metric_values.period_start = spine.period_start
        and metric_values.breakdown = members.breakdown
        and metric_values.metric = members.metric
        and metric_values.member = members.member

),

-- For the current, unfinished period of each grain: the same stretch of days one year earlier
-- (same period to date), so that a half month is not compared with a whole one.
to_date_windows as (

    {% for g in grains %}
    select
        '{{ g }}' as grain,
        {{ period_start('dates.as_of_date', g) }} as period_start,
        {{ year_back(period_start('dates.as_of_date', g), g) }} as window_start,
        {{ year_back('dates.as_of_date', g) }} as window_end
    from dates
    where {{ period_start('dates.as_of_date', g) }} + interval 1 {{ g }} - interval 1 day > dates.as_of_date
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

{% macro in_window(relation, date_column) %}
    select {{ relation }}.* replace (
        {% for g in grains %}case when to_date_windows.grain = '{{ g }}' then to_date_windows.period_start end as {{ g }}_start{% if not loop.last %},
        {% endif %}{% endfor %}
    )
    from {{ relation }}
    inner join to_date_windows on {{ relation }}.{{ date_column }} between to_date_windows.window_start and to_date_windows.window_end
{% endmacro %}

to_date_orders as (

    {{ in_window('order_sales', 'order_date') }}

),

to_date_categories as (

    {{ in_window('category_sales', 'order_date') }}

),

to_date_firsts as (

    {{ in_window('first_orders', 'first_order_date') }}

),

to_date_receipts as (

    {{ in_window('receipts', 'payment_date') }}

),

to_date_sales_values as (

    {{ grouped('to_date_orders', order_measures, order_breakdowns) }}
    union all
    {{ grouped('to_date_categories', line_measures, line_breakdowns) }}

),

to_date_new_values as (

    {{ grouped('to_date_firsts', "count(*) as new_customers", order_breakdowns) }}

),

to_date_receipt_values as (

    {{ grouped('to_date_receipts', "sum(amount) as receipts", order_breakdowns) }}

),

to_date_values as (

    {{ long_format('to_date_sales_values', 'to_date_new_values', 'to_date_receipt_values') }}

),

compared as (

    select
        filled.*,
        filled.period_end > dates.as_of_date as is_partial,
        previous.value as prev_value,
        case
            -- Last year's stretch counts only where last year's period is on the calendar.
            when filled.period_end > dates.as_of_date and last_year.value is not null then coalesce(to_date_values.value, 0)
            when filled.period_end > dates.as_of_date then null
            else last_year.value
        end as yoy_value,
        filled.period_end > dates.as_of_date as is_yoy_to_date

    from filled
    cross join dates
    left join filled as previous
        on previous.grain = filled.grain
        and previous.period_start = case filled.grain
            when 'year' then cast(filled.period_start - interval 1 year as date)
            when 'quarter' then cast(filled.period_start - interval 3 month as date)
            when 'month' then cast(filled.period_start - interval 1 month as date)
            else cast(filled.period_start - interval 7 day as date)
        end
        and previous.breakdown = filled.breakdown
        and previous.metric = filled.metric
        and previous.member = filled.member
    left join filled as last_year
        on last_year.grain = filled.grain
        and last_year.period_start = case when filled.grain = 'week'
            then cast(filled.period_start - interval 364 day as date)
            else cast(filled.period_start - interval 1 year as date)
        end
        and last_year.breakdown = filled.breakdown
        and last_year.metric = filled.metric
        and last_year.member = filled.member
    left join to_date_values
        on to_date_values.grain = filled.grain
        and to_date_values.period_start = filled.period_start
        and to_date_values.breakdown = filled.breakdown
        and to_date_values.metric = filled.metric
        and to_date_values.member = filled.member

),

final as (

    select
        compared.grain,
        compared.period_start,
        compared.period_end,
        compared.metric,
        compared.breakdown,
        compared.member,
        compared.member_name,
        compared.member = '(others)' as is_others,
        case
            when compared.breakdown = 'none' then 1
            when compared.member = '(others)' then {{ var('growth_breakdown_lines') }} + 1
            else top_members.member_rank
        end as member_rank,
        value,
        prev_value,
        value - prev_value as growth,
        {{ growth_rate('value', 'prev_value') }} as growth_rate,
        yoy_value,
        value - yoy_value as yoy_growth,
        {{ growth_rate('value', 'yoy_value') }} as yoy_growth_rate,
        is_partial,
        is_yoy_to_date

    from compared
    left join top_members
        on top_members.breakdown = compared.breakdown
        and top_members.member = compared.member
        and compared.member != '(others)'

)

select * from final
