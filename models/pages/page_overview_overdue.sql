-- Receivables on the as-of date per segment: open, overdue, over 90 days, overdue customers.
with

aging as (

    select * from {{ ref('receivables_aging') }}

),

segments as (

    select * from {{ ref('customer_segments') }}

),

aged as (

    select aging.*, segments.region, segments.grade
    from aging
    inner join segments on aging.customer_id = segments.customer_id

),

final as (

    select {{ segment_columns() }}, sum(open_balance) as open_balance, sum(overdue_balance) as overdue_balance,
        sum(overdue_over_90) as over_90, count(*) filter (where overdue_balance > 0) as overdue_customers, any_value(as_of_date) as as_of_date
    from aged
    group by {{ segment_grouping_sets([]) }}

)

select * from final
order by dimension, member
