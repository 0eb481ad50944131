-- Churn warning (流失预警) for current customers (a sale in the last 12 months, periods T12M) with at
-- least var('churn_min_orders') orders (returns left out). A customer is warned when
--   gap:  days since its last order exceed var('churn_gap_factor') x its own median gap between
--         order days, or
--   drop: its revenue of the last var('churn_window_months') months fell more than
--         var('churn_drop') against the same months a year earlier (which had revenue),
-- or both (orders and the last order as customer_lifetime_value counts them). Revenue at risk is
-- its T12M revenue; the list ranks by it.
with

periods as (

    select * from {{ ref('periods') }} where period = 'T12M'

),

-- Not materialized: each use reads only the columns and rows it needs (docs/incremental.md).
orders as not materialized (

    select * from {{ ref('sales_orders') }}

),

grades as (

    select * from {{ ref('customer_grades') }} where period = 'T12M'

),

lifetime as (

    select * from {{ ref('customer_lifetime_value') }}

),

order_days as (

    select distinct orders.customer_id, orders.order_date
    from orders, periods
    where not orders.is_return and orders.order_date <= periods.period_end

),

gaps as (

    select
        customer_id,
        order_date,
        date_diff('day', lag(order_date) over (partition by customer_id order by order_date), order_date) as gap_days

    from order_days

),

rhythm as (

    select
        customer_id,
        median(gap_days) as median_gap_days

    from gaps
    group by all

),

recent as (

    select
        orders.customer_id,
        coalesce(sum(orders.revenue) filter (where orders.order_date > periods.period_end - to_months({{ var('churn_window_months') }})), 0) as recent_revenue,
        coalesce(sum(orders.revenue) filter (
            where orders.order_date > periods.period_end - interval 12 month - to_months({{ var('churn_window_months') }})
            and orders.order_date <= periods.period_end - interval 12 month
        ), 0) as year_before_revenue

    from orders, periods
    where orders.order_date <= periods.period_end
    group by all

),

judged as (

    select
        grades.customer_id,
        grades.customer_name,
        grades.final_grade as grade,
        grades.revenue as revenue_at_risk,
        periods.period_end as as_of_date,
        lifetime.lifetime_orders as orders,
        lifetime.last_order_date,
        rhythm.median_gap_days,
        date_diff('day', lifetime.last_order_date, periods.period_end) as days_since_last_order,
        recent.recent_revenue,
        recent.year_before_revenue,
        {{ growth_rate('recent.recent_revenue', 'recent.year_before_revenue') }} as recent_growth_rate,
        rhythm.median_gap_days > 0
            and date_diff('day', lifetime.last_order_date, periods.period_end) > {{ var('churn_gap_factor') }} * rhythm.median_gap_days as is_gap_warning,
        recent.year_before_revenue > 0
            and recent.recent_revenue < (1 - {{ var('churn_drop') }}) * recent.year_before_revenue as is_drop_warning

    from grades
    cross join periods
    inner join lifetime on lifetime.customer_id = grades.customer_id
    inner join rhythm on rhythm.customer_id = grades.customer_id
    left join recent on recent.customer_id = grades.customer_id
    where lifetime.lifetime_orders >= {{ var('churn_min_orders') }} and grades.revenue > 0

),

final as (

    select
        *,
        case when is_gap_warning and is_drop_warning then 'gap_and_drop' when is_gap_warning then 'gap' else 'drop' end as reason_code,
        row_number() over (order by revenue_at_risk desc, customer_id) as risk_rank

    from judged
    where is_gap_warning or is_drop_warning

)

select * from final
