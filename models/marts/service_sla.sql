-- Service tickets against the response time each grade is promised (A within var('sla_days_a')
-- days, others var('sla_days_other')): per period of creation (the periods of `periods`: the last
-- 12 months, the 12 before and each year) and current customer grade.
-- A ticket breaches when it was resolved later than that, or is still open past it.
with

tickets as (

    select * from {{ ref('stg_tickets') }}

),

grades as (

    select * from {{ ref('customer_grades') }} where period = 'T12M'

),

dates as (

    select * from {{ ref('report_dates') }}

),

periods as (

    select * from {{ ref('periods') }}

),

judged as (

    select
        tickets.*,
        coalesce(grades.final_grade, 'ungraded') as grade,
        case when grades.final_grade = 'A' then {{ var('sla_days_a') }} else {{ var('sla_days_other') }} end as sla_days,
        date_diff('second', tickets.created_at, tickets.first_response_at) / 3600.0 as response_hours,
        date_diff('second', tickets.created_at, coalesce(tickets.resolved_at, cast(dates.as_of_date + 1 as timestamp))) / 86400.0 as resolution_days,
        tickets.resolved_at is null as is_open

    from tickets
    cross join dates
    left join grades on tickets.customer_id = grades.customer_id

),

final as (

    select
        periods.period,
        judged.grade,
        any_value(sla_days) as sla_days,
        count(*) as ticket_count,
        count(*) filter (where resolution_days > sla_days) as breach_count,
        count(*) filter (where resolution_days > sla_days) / count(*) as breach_rate,
        count(*) filter (where is_open) as open_count,
        round(median(response_hours), 1) as median_response_hours,
        round(median(resolution_days) filter (where not is_open), 2) as median_resolution_days

    from judged
    inner join periods on cast(judged.created_at as date) between periods.period_start and periods.period_end
    group by all

)

select * from final
