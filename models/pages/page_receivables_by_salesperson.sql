-- Receivables per salesperson in aging buckets, with DSO (open balance over the last 90 days'
-- invoicing, times 90).
with

aging as (

    select * from {{ ref('receivables_aging') }}

),

final as (

    select salesperson_id, any_value(salesperson_name) as salesperson_name, any_value(department_id) as department_id, sum(current_amount) as current_amount,
        sum(overdue_1_30) as overdue_1_30, sum(overdue_31_60) as overdue_31_60, sum(overdue_61_90) as overdue_61_90,
        sum(overdue_over_90) as overdue_over_90, sum(open_balance) as open_balance, sum(overdue_balance) as overdue_balance,
        round(90 * sum(open_balance) / nullif(sum(invoiced_last_90_days), 0), 1) as dso_days
    from aging
    group by 1

)

select * from final
order by overdue_balance desc, salesperson_id
