-- Each customer's grade move between consecutive periods: each calendar year against the year
-- before, and T12M against the twelve months before it. Customers without sales in the earlier
-- period come from 'new'; customers without sales in the later one go to 'lost'.
with

periods as (

    select * from {{ ref('periods') }}

),

grades as (

    select * from {{ ref('customer_grades') }}

),

pairs as (

    select
        periods.previous_period as from_period,
        periods.period as to_period

    from periods
    where periods.previous_period in (select period from periods)

),

stayed_or_lost as (

    select
        pairs.from_period,
        pairs.to_period,
        before.customer_id,
        before.final_grade as from_grade,
        coalesce(after.final_grade, 'lost') as to_grade,
        before.revenue as from_revenue,
        coalesce(after.revenue, 0) as to_revenue

    from pairs
    inner join grades as before on before.period = pairs.from_period
    left join grades as after on after.period = pairs.to_period and after.customer_id = before.customer_id

),

new_customers as (

    select
        pairs.from_period,
        pairs.to_period,
        after.customer_id,
        'new' as from_grade,
        after.final_grade as to_grade,
        0 as from_revenue,
        after.revenue as to_revenue

    from pairs
    inner join grades as after on after.period = pairs.to_period
    anti join grades as before on before.period = pairs.from_period and before.customer_id = after.customer_id

),

movements_all as (

    select * from stayed_or_lost
    union all
    select * from new_customers

),

final as (

    select
        *,
        case
            when from_grade = 'new' then 'new'
            when to_grade = 'lost' then 'lost'
            when to_grade < from_grade then 'up'
            when to_grade > from_grade then 'down'
            else 'same'
        end as movement

    from movements_all

)

select * from final
