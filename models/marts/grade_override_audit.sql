-- Every manual override with what happened to it: applied to the current grading, expired,
-- or ignored because the customer or the grade is unknown.
with

overrides as (

    select * from {{ ref('grade_overrides') }}

),

customers as (

    select * from {{ ref('int_customers') }}

),

dates as (

    select * from {{ ref('report_dates') }}

),

typed as (

    select
        cast(overrides.customer_id as varchar) as customer_id,
        upper(trim(cast(overrides.grade as varchar))) as grade,
        cast(overrides.reason as varchar) as reason,
        cast(overrides.set_by as varchar) as set_by,
        try_cast(overrides.set_at as date) as set_at,
        try_cast(overrides.valid_until as date) as valid_until

    from overrides

),

final as (

    select
        typed.customer_id,
        coalesce(customers.customer_name, typed.customer_id) as customer_name,
        typed.grade,
        typed.reason,
        typed.set_by,
        typed.set_at,
        typed.valid_until,
        dates.as_of_date,
        case
            when customers.customer_id is null then 'unknown customer'
            when typed.grade not in ('A', 'B', 'C', 'D') then 'invalid grade'
            when typed.valid_until < dates.as_of_date then 'expired'
            when typed.set_at > dates.as_of_date then 'not yet valid'
            when row_number() over (partition by typed.customer_id order by typed.set_at desc nulls last, typed.valid_until desc nulls first) > 1
                then 'superseded'
            else 'applied'
        end as status

    from typed
    cross join dates
    left join customers on typed.customer_id = customers.customer_id

)

select * from final
