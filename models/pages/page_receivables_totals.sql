-- Receivables on the as-of date per segment, in aging buckets (receivables_aging).
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

    select {{ segment_columns() }}, any_value(as_of_date) as as_of_date, sum(current_amount) as current_amount, sum(overdue_1_30) as overdue_1_30,
        sum(overdue_31_60) as overdue_31_60, sum(overdue_61_90) as overdue_61_90, sum(overdue_over_90) as overdue_over_90,
        sum(open_balance) as open_balance, sum(overdue_balance) as overdue_balance, count(*) as customers,
        count(*) filter (where overdue_balance > 0) as overdue_customers
    from aged
    group by {{ segment_grouping_sets([]) }}

)

select * from final
order by dimension, member
