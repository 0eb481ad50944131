-- A breakdown's lines and its '(others)' hold every sale once: for the metrics that add up
-- (revenue, gross profit, receipts), they sum to breakdown none's value in every period.
with

comparisons as (

    select * from {{ ref('period_comparison') }}

),

totals as (

    select grain, period_start, metric, value
    from comparisons
    where breakdown = 'none'

),

drawn as (

    select grain, period_start, metric, breakdown, sum(value) as value
    from comparisons
    where breakdown != 'none' and member_rank is not null and metric in ('revenue', 'gross_profit', 'receipts')
    group by all

)

select drawn.*, totals.value as total
from drawn
inner join totals using (grain, period_start, metric)
where abs(drawn.value - totals.value) > 0.005
