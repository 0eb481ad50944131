-- One row per customer and period for the Customers list when it shows a period other than the
-- last 12 months, or the customers behind a grade move: the grade, ABC bands by revenue and by
-- gross profit, score and revenue in that period, and the move from the period before (the
-- pairs of grade_moves). A customer graded in the period before but not in this one has a row
-- with no grade and the move 'lost', so a migration cell's customers are all here.
with

grades as (

    select * from {{ ref('customer_grades') }}

),

moves as (

    select * from {{ ref('grade_moves') }}

),

profit_bands as (

    select * from {{ ref('pareto') }}
    where entity = 'customer' and measure = 'gross_profit'

),

graded as (

    select
        grades.period,
        grades.customer_id as id,
        grades.final_grade as grade,
        grades.abc_grade as abc,
        profit_bands.abc_band as profit_abc,
        grades.score,
        grades.revenue,
        grades.gross_profit,
        moves.from_grade as previous_grade,
        moves.from_revenue as prev_revenue,
        moves.movement

    from grades
    left join moves on moves.to_period = grades.period and moves.customer_id = grades.customer_id
    left join profit_bands on profit_bands.period = grades.period and profit_bands.entity_id = grades.customer_id

),

lost as (

    select
        moves.to_period as period,
        moves.customer_id as id,
        null as grade,
        null as abc,
        null as profit_abc,
        null as score,
        0 as revenue,
        0 as gross_profit,
        moves.from_grade as previous_grade,
        moves.from_revenue as prev_revenue,
        moves.movement

    from moves
    where moves.to_grade = 'lost'

),

final as (

    select
        *,
        {{ growth_rate('revenue', 'prev_revenue') }} as revenue_growth_rate

    from (
        select * from graded
        union all by name
        select * from lost
    )

)

select * from final
order by period, revenue desc, id
