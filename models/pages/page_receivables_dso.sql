-- The DSO trend: the receivables balance and DSO at each month end (receivables_monthly).
with

monthly as (

    select * from {{ ref('receivables_monthly') }}

),

final as (

    select month_end, receivables_balance, dso_days
    from monthly

)

select * from final
order by month_end
