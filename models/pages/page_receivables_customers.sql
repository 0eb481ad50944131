-- The 500 customers with the most overdue, with their aging.
with

aging as (

    select * from {{ ref('receivables_aging') }}

),

segments as (

    select * from {{ ref('customer_segments') }}

),

final as (

    select aging.customer_id, aging.customer_name, aging.salesperson_id, aging.salesperson_name, aging.department_id, segments.region, segments.grade,
        aging.open_balance, aging.overdue_balance, aging.overdue_1_30, aging.overdue_31_60, aging.overdue_61_90, aging.overdue_over_90,
        aging.max_days_overdue, aging.dso_days
    from aging
    inner join segments on aging.customer_id = segments.customer_id
    where aging.overdue_balance > 0
    order by aging.overdue_balance desc, aging.customer_id
    limit 500

)

select * from final
order by overdue_balance desc, customer_id
