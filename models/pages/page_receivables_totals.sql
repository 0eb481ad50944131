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

    -- Exports without invoices still give the everyone row, with zeros.
    select {{ segment_columns() }}, any_value(as_of_date) as as_of_date, coalesce(sum(current_amount), 0) as current_amount,
        coalesce(sum(overdue_1_30), 0) as overdue_1_30, coalesce(sum(overdue_31_60), 0) as overdue_31_60,
        coalesce(sum(overdue_61_90), 0) as overdue_61_90, coalesce(sum(overdue_over_90), 0) as overdue_over_90,
        coalesce(sum(open_balance), 0) as open_balance, coalesce(sum(overdue_balance), 0) as overdue_balance, count(*) as customers,
        count(*) filter (where overdue_balance > 0) as overdue_customers
    from aged
    group by {{ segment_grouping_sets([]) }}

)

select * from final
order by dimension, member
